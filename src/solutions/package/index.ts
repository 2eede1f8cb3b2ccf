// Packaging a solution folder (spec §9): template, createUiDefinition, testParameters, reproducible zip, self-checks.
export { packageSolution, buildPackage, packageVersion, serialize, formatSummary, DEFAULT_PACKAGE_VERSION, type PackageOptions, type PackageResult, type PackageSummary } from './package-solution.js';
export { checkTemplate } from './ttk.js';
export { markdownToHtml } from './markdown.js';
export { buildZip, readZip } from './zip.js';
