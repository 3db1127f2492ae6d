// Filled in by the learning feature.
export {};
