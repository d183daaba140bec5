// Replaced as the interpreter lands.
namespace tacit::interpreter {}
