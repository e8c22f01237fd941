// Types of scripts/lib/dockerfile.mjs for the TypeScript tests that pin the Dockerfile.

export type DockerStep =
  | { kind: 'WORKDIR'; where: string; path: string }
  | { kind: 'ENV'; where: string; pairs: Record<string, string> }
  | { kind: 'COPY'; where: string; from: string | undefined; chown: string | undefined; sources: string[]; dest: string }
  | { kind: 'RUN'; where: string; exec: string[] | null; shell: string | null; args: Record<string, string> }
  | { kind: 'USER'; where: string; user: string };

export interface DockerStage {
  name: string;
  index: number;
  image: string;
  line: number;
  steps: DockerStep[];
  vars: Record<string, string>;
  args: Record<string, string>;
  user?: string;
  expose?: string[];
  healthcheck?: { flags: Record<string, string>; exec: string[] | null; shell: string | null };
  cmd?: { exec: string[] | null; shell: string | null };
}

export interface IgnoreRule {
  negate: boolean;
  body: string;
  re: RegExp;
}

export function logicalLines(text: string): { line: number; text: string }[];
export function parseDockerfile(text: string): { globalArgs: Record<string, string>; stages: DockerStage[] };
export function readIgnore(text: string): IgnoreRule[];
export function isExcluded(rules: IgnoreRule[], rel: string): boolean;
