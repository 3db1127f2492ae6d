// Filled in by the certificates feature.
export {};
