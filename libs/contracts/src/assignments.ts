// Filled in by the assignments feature.
export {};
