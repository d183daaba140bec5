// Helpers for builtin signatures: result-type rules shared by several builtins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/types.hpp"

namespace tacit::interpreter::signature {

using dsl::TypeId;
using dsl::TypeKind;
using dsl::TypeTable;

inline bool is(const TypeTable& t, TypeId id, TypeKind kind) {
  const TypeKind k = t.get(id).kind;
  return k == kind || k == TypeKind::any;
}

// The element type of a list type (any for any), or nullopt.
inline std::optional<TypeId> element_of(const TypeTable& t, TypeId list) {
  const auto& type = t.get(list);
  if (type.kind == TypeKind::list) return type.element;
  if (type.kind == TypeKind::any) return t.any();
  return std::nullopt;
}

inline bool orderable(const TypeTable& t, TypeId id) {
  const TypeKind k = t.get(id).kind;
  return k == TypeKind::number || k == TypeKind::quantity || k == TypeKind::duration || k == TypeKind::date ||
         k == TypeKind::any;
}

}  // namespace tacit::interpreter::signature
