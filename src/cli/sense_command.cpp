// Placeholder entry point while the sensor pipeline is wired up.
namespace rampart::cli {}
