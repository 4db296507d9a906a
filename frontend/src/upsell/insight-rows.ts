// The upsell page's figures as chart rows: wins by reason (positive first, negative hatched), and
// each CSM's or offering's win rate with its counts beneath. Pure, unit-tested; BarChart draws them.
import { barsOf, type BarRow } from './chart.ts';
import { groupReasons } from './reasons.ts';
import type { CsmStats, OfferingStats, ReasonStats, Stats } from './upsell-types.ts';
import { formatMoney } from '../catalog/money.ts';
import { t } from '../i18n/i18n.ts';

/** A share 0..1 as a whole percent; an em dash when there is none (nothing decided). */
export function percent(share: number | null): string {
  return share === null || !Number.isFinite(share) ? '—' : t.upsell.page.percent(share);
}

/** Money per currency, each in its own currency, joined ("¥50,000 · $19.99"); "" for none. */
export function moneyLine(money: Stats['expansionMrr']): string {
  return money.filter((m) => m.amount > 0).map((m) => formatMoney(m.amount, m.currency)).join(' · ');
}

/** Wins by reason: all six, positive ones first, the bars scaled to the most frequent reason. */
export function reasonRows(byReason: readonly ReasonStats[]): BarRow[] {
  const g = groupReasons(byReason);
  const rows = [...g.positive, ...g.negative];
  const { bars } = barsOf(rows, (r) => r.reason, (r) => r.reason, (r) => r.count);
  return rows.map((r, i) => {
    const tone = r.tone === 'positive' ? t.upsell.tones.positive : t.upsell.tones.negative;
    const money = moneyLine(r.expansion);
    return {
      key: r.reason,
      label: `${r.tone === 'positive' ? '＋' : '！'} ${t.upsell.reasons[r.reason].name} (${tone})`,
      value: t.upsell.page.winsCount(r.count),
      share: bars[i]?.share ?? 0,
      raw: r.count,
      tone: r.tone,
      ...(money ? { detail: money } : {}),
    };
  });
}

/** The second line of a group: counts, the money won and the share of positive reasons. */
function groupDetail(s: Stats): string {
  const open = Math.max(0, s.proposed - s.won - s.lost);
  const parts = [t.upsell.page.groupLine(s.won, s.lost, open)];
  const money = moneyLine(s.expansionMrr);
  if (money) parts.push(money);
  if (s.won > 0) parts.push(`${t.upsell.page.positiveShare} ${percent(s.positiveShare)}`);
  return parts.join(' · ');
}

/** Each CSM's win rate (out of 100 %), nobody's under "former member" words when the name is gone. */
export function csmRows(byCsm: readonly CsmStats[]): BarRow[] {
  return byCsm.map((s) => ({
    key: s.userId ?? 'none',
    label: s.name || t.upsell.page.formerMember,
    value: percent(s.winRate),
    share: Math.min(1, Math.max(0, s.winRate ?? 0)),
    raw: s.winRate ?? 0,
    tone: 'neutral',
    detail: groupDetail(s),
  }));
}

/** Each offering's win rate (out of 100 %). */
export function offeringRows(byOffering: readonly OfferingStats[]): BarRow[] {
  return byOffering.map((s) => ({
    key: s.offeringId,
    label: s.name,
    value: percent(s.winRate),
    share: Math.min(1, Math.max(0, s.winRate ?? 0)),
    raw: s.winRate ?? 0,
    tone: 'neutral',
    detail: groupDetail(s),
  }));
}
