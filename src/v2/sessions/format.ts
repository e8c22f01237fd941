// SessionRecord (v2) → SessionItemView, SessionView and ShareView.
import type { SessionItemView, SessionView, ShareView } from '../../contract/types-v2.generated.js';
import { isoTime } from '../../contract/serialize.js';
import { formatScaled, formatUsd } from '../../money.js';
import type { FormatContext } from '../../sessions/format.js';
import { liveUrlOf } from '../../sessions/format.js';
import type { SessionRecord } from '../../sessions/model.js';
import type { ShareRecord } from '../records.js';
import { taskItemView } from '../tasks/format.js';

/** Where a share is watched: the live page, with the share token as its capability. */
export function shareUrlOf(ctx: FormatContext, session: SessionRecord, share: ShareRecord): string {
  return `${ctx.baseUrl}/share/${session.id}?token=${share.token}`;
}

export function sessionItemView(ctx: FormatContext, session: SessionRecord): SessionItemView {
  const { totals } = ctx.machine.totals(session, ctx.now);
  const stopped = ctx.machine.isTerminal(session);
  return {
    id: session.id,
    status: stopped ? 'stopped' : 'active',
    liveUrl: liveUrlOf(ctx, session.id),
    startedAt: isoTime(session.createdAt),
    finishedAt: stopped ? isoTime(session.statusSince) : null,
    persistMemory: session.v2?.persistMemory ?? true,
    keepAlive: session.keepAlive,
    proxyUsedMb: formatScaled(totals.proxyKb, 3),
    proxyCost: formatUsd(totals.proxy),
  };
}

export function sessionView(ctx: FormatContext, session: SessionRecord): SessionView {
  const { persistMemory, keepAlive, proxyUsedMb, proxyCost, ...head } = sessionItemView(ctx, session);
  const share = session.v2?.share;
  return {
    ...head,
    tasks: session.tasks.filter((t) => t.v2).map((t) => taskItemView(ctx, session, t)),
    publicShareUrl: share ? shareUrlOf(ctx, session, share) : null,
    persistMemory,
    keepAlive,
    proxyUsedMb,
    proxyCost,
  };
}

export function shareView(ctx: FormatContext, session: SessionRecord, share: ShareRecord): ShareView {
  return {
    shareToken: share.token,
    shareUrl: shareUrlOf(ctx, session, share),
    viewCount: share.viewCount,
    lastViewedAt: share.lastViewedAt === null ? null : isoTime(share.lastViewedAt),
  };
}
