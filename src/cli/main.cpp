// Placeholder entry point while the sensor pipeline is wired up.
int main() { return 0; }
