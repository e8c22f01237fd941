// BrowserRecord → the BrowserSessionView / BrowserSessionItemView bodies clients receive.
import type { BrowserSessionView } from '../contract/types.generated.js';
import { isoTime } from '../contract/serialize.js';
import { formatUsd } from '../money.js';
import type { FormatContext } from '../sessions/format.js';
import { RECORDING_TTL_S, liveUrlOf } from '../sessions/format.js';
import type { BrowserRecord } from './model.js';
import { finishedAtOf, statusOf } from './model.js';
import { costOfBrowser } from './service.js';

/** ws(s)://<base>/_mock/cdp/<id>?token=…: where a CDP endpoint would be; the emulator answers it with 501. */
export function cdpUrlOf(ctx: FormatContext, browserId: string): string {
  return `${ctx.baseUrl.replace(/^http/, 'ws')}/_mock/cdp/${browserId}?token=${ctx.presigner.token(`cdp:${browserId}`)}`;
}

export function recordingUrlOf(ctx: FormatContext, browserId: string): string {
  return ctx.presigner.sign(ctx.baseUrl, `/_mock/recordings/${browserId}/0.mp4`, 'GET', ctx.now, RECORDING_TTL_S);
}

/**
 * `withRecording`: only GET carries the recording (lists never do; the stop response comes before the
 * recording has been saved).
 */
export function browserView(ctx: FormatContext, browser: BrowserRecord, withRecording = false): BrowserSessionView {
  const status = statusOf(browser, ctx.now);
  const finishedAt = finishedAtOf(browser, ctx.now);
  return {
    id: browser.id,
    status,
    liveUrl: liveUrlOf(ctx, browser.id),
    cdpUrl: cdpUrlOf(ctx, browser.id),
    timeoutAt: isoTime(browser.timeoutAt),
    startedAt: isoTime(browser.startedAt),
    finishedAt: finishedAt === null ? null : isoTime(finishedAt),
    // No agent drives a standalone browser here, so no proxy traffic is simulated.
    proxyUsedMb: '0',
    proxyCost: '0',
    browserCost: formatUsd(costOfBrowser(browser)),
    agentSessionId: null,
    recordingUrl: withRecording && status === 'stopped' && browser.enableRecording ? recordingUrlOf(ctx, browser.id) : null,
  };
}
