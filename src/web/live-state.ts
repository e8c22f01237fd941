// The JSON a live view page is rendered from and polls: shared by the route and the page.

export interface LiveMessage {
  id: string;
  role: string;
  type: string;
  summary: string;
  data: string;
  createdAt: string;
  screenshotUrl: string | null;
}

export interface LiveSessionState {
  kind: 'session';
  id: string;
  title: string | null;
  status: string;
  model: string;
  /** The running (or latest) task. */
  task: { index: number; text: string } | null;
  /** Steps the latest task has completed and the summary of the last one. */
  step: { number: number; summary: string | null };
  stepCount: number;
  screenshot: { key: string; url: string } | null;
  output: unknown;
  isTaskSuccessful: boolean | null;
  totalCostUsd: string;
  recordingUrls: string[];
  createdAt: string;
  updatedAt: string;
  now: string;
  messages: LiveMessage[];
}

export interface LiveBrowserState {
  kind: 'browser';
  id: string;
  status: string;
  timeoutAt: string;
  startedAt: string;
  finishedAt: string | null;
  now: string;
}

export type LiveState = LiveSessionState | LiveBrowserState;
