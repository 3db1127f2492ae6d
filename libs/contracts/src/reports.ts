// Filled in by the reports feature.
export {};
