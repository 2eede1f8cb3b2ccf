// Loading a solution folder: files → artifacts → link graph.
export * from './artifacts.js';
export * from './load-solution.js';
export * from './graph.js';
