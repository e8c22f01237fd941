// Types of scripts/lib/built.mjs for the TypeScript tests that start the built server.

export declare const ROOT: string;
export declare const BUILT_CLI: string;
/** Why dist/ cannot be used as the build of src/, or undefined when it can. */
export declare function staleBuild(): string | undefined;
