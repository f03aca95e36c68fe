import type { ThemeRule } from '../domain/analysis.ts';
import { DEFAULT_THEMES, keyPhrases, themesOf } from '../domain/analysis.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Organization } from '../domain/account.ts';
import type { Store } from '../store/store.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorize, authorizeWrite, nowIso } from './common.ts';
import { getIncident } from './incident.service.ts';

/** How many items one re-theming transaction rewrites. */
const RETHEME_BATCH = 1_000;

export interface ThemeRules {
  /** False while the organization uses the built-in rules unchanged. */
  customized: boolean;
  rules: ThemeRule[];
}

/** Terms of a rule: trimmed, lower-case, each once, in the order given. */
function normalizeTerms(terms: string[]): string[] {
  return [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))];
}

/** The rules each organization's feedback is analysed with (the defaults where it has none). */
export async function themeRulesFor(
  store: Store,
  organizationIds: string[],
): Promise<Map<string, ThemeRule[]>> {
  const own = await store.themes.listFor(organizationIds);
  return new Map(organizationIds.map((id) => [id, own.get(id) ?? DEFAULT_THEMES]));
}

/**
 * The themes feedback is filed under, as an organization defines them: define, change, rename,
 * merge, delete, re-apply to what was already said, and suggestions from what fell under none.
 * Renames and merges carry everything along — filed items, and links from actions — so "you said,
 * we did" keeps reaching the same people.
 */
export class ThemeService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(ctx: RequestContext, orgSlug: string): Promise<ThemeRules> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    return this.effective(this.deps.store, org.id);
  }

  private async effective(tx: Store, orgId: string): Promise<ThemeRules> {
    const own = await tx.themes.list(orgId);
    return own.length > 0 ? { customized: true, rules: own } : { customized: false, rules: DEFAULT_THEMES };
  }

  /** The organization's rules as rows, copying the defaults in on its first change. */
  private async materialize(tx: Store, orgId: string, at: string): Promise<ThemeRule[]> {
    const current = await this.effective(tx, orgId);
    if (!current.customized) for (const r of current.rules) await tx.themes.upsert(orgId, r, at);
    return current.rules;
  }

  private async write<T>(
    ctx: RequestContext,
    orgSlug: string,
    fn: (tx: Store, org: Organization, rules: ThemeRule[], at: string) => Promise<T>,
  ): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'theme:write');
      const at = nowIso(this.deps.clock);
      const rules = await this.materialize(tx, org.id, at);
      return fn(tx, org, rules, at);
    });
  }

  /** Creates a theme or replaces its terms. New feedback is filed by it; `reapply` files the past. */
  async put(ctx: RequestContext, orgSlug: string, name: string, terms: string[]): Promise<ThemeRule> {
    const rule = { name, terms: normalizeTerms(terms) };
    if (rule.terms.length === 0) {
      throw new AppError('validation', 'body.terms: needs at least one word or phrase', [
        { path: 'body.terms', message: 'needs at least one word or phrase' },
      ]);
    }
    return this.write(ctx, orgSlug, async (tx, org, rules, at) => {
      const before = rules.find((r) => r.name === name) ?? null;
      await tx.themes.upsert(org.id, rule, at);
      await audit(tx, ctx, org, at, {
        action: before ? 'theme_rule_updated' : 'theme_rule_created',
        recordType: 'theme_rule',
        recordId: name,
        before,
        after: rule,
      });
      return rule;
    });
  }

  /** Deletes a theme rule. Items already filed under it keep it until `reapply`. */
  async remove(ctx: RequestContext, orgSlug: string, name: string): Promise<void> {
    await this.write(ctx, orgSlug, async (tx, org, rules, at) => {
      const before = rules.find((r) => r.name === name);
      if (!before) throw notFound('theme');
      await tx.themes.remove(org.id, name);
      await audit(tx, ctx, org, at, {
        action: 'theme_rule_deleted',
        recordType: 'theme_rule',
        recordId: name,
        before,
      });
    });
  }

  /**
   * Renames a theme, and everything filed under it: items and links from actions.
   * @throws AppError `conflict` when `to` is already a theme (merge instead), `not_found`.
   */
  async rename(
    ctx: RequestContext,
    orgSlug: string,
    name: string,
    to: string,
  ): Promise<{ rule: ThemeRule; items: number }> {
    return this.write(ctx, orgSlug, async (tx, org, rules, at) => {
      const rule = rules.find((r) => r.name === name);
      if (!rule) throw notFound('theme');
      if (to !== name && rules.some((r) => r.name === to)) {
        throw new AppError('conflict', `a theme named "${to}" exists already: merge the two instead`);
      }
      const renamed = { name: to, terms: rule.terms };
      await tx.themes.remove(org.id, name);
      await tx.themes.upsert(org.id, renamed, at);
      const items = await tx.themes.refile(org.id, name, to);
      await audit(tx, ctx, org, at, {
        action: 'theme_rule_renamed',
        recordType: 'theme_rule',
        recordId: to,
        before: rule,
        after: { ...renamed, items },
      });
      return { rule: renamed, items };
    });
  }

  /**
   * Merges themes into one: its terms become the union, and everything filed under the others is
   * filed under it. `into` may be a new name.
   */
  async merge(
    ctx: RequestContext,
    orgSlug: string,
    from: string[],
    into: string,
  ): Promise<{ rule: ThemeRule; items: number }> {
    return this.write(ctx, orgSlug, async (tx, org, rules, at) => {
      const sources = [...new Set(from)].filter((n) => n !== into);
      const missing = sources.filter((n) => !rules.some((r) => r.name === n));
      if (missing.length > 0) throw notFound(`theme "${missing[0]}"`);
      const target = rules.find((r) => r.name === into);
      const merged = {
        name: into,
        terms: normalizeTerms([
          ...(target?.terms ?? []),
          ...sources.flatMap((n) => rules.find((r) => r.name === n)!.terms),
        ]),
      };
      await tx.themes.upsert(org.id, merged, at);
      let items = 0;
      for (const n of sources) {
        await tx.themes.remove(org.id, n);
        items += await tx.themes.refile(org.id, n, into);
      }
      await audit(tx, ctx, org, at, {
        action: 'theme_rules_merged',
        recordType: 'theme_rule',
        recordId: into,
        before: { from: sources, into: target ?? null },
        after: { ...merged, items },
      });
      return { rule: merged, items };
    });
  }

  /**
   * Files every analysed item again by the current rules, a batch per transaction (a crash leaves
   * each item filed by either the old or the new rules, never half).
   */
  async reapply(ctx: RequestContext, orgSlug: string): Promise<{ checked: number; changed: number }> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'theme:write');
    const { rules } = await this.effective(this.deps.store, org.id);
    let after = '';
    let checked = 0;
    let changed = 0;
    for (;;) {
      const batch = await this.deps.store.themes.analysedBatch(org.id, after, RETHEME_BATCH);
      if (batch.length === 0) break;
      await this.deps.store.transaction(async (tx) => {
        for (const item of batch) {
          const themes = themesOf(item.text, rules);
          if (themes.join('\u0000') === item.themes.join('\u0000')) continue;
          await tx.themes.setThemes(org.id, item.id, themes);
          changed++;
        }
      });
      checked += batch.length;
      after = batch[batch.length - 1]!.id;
    }
    await this.deps.store.transaction((tx) =>
      audit(tx, ctx, org, nowIso(this.deps.clock), {
        action: 'theme_rules_reapplied',
        recordType: 'theme_rule',
        recordId: '*',
        after: { checked, changed },
      }),
    );
    return { checked, changed };
  }

  /**
   * Key phrases that recur in recent feedback filed under no theme: candidates for a new theme.
   * @returns phrases said at least twice, most frequent first.
   */
  async suggestions(
    ctx: RequestContext,
    orgSlug: string,
    incidentSlug?: string,
  ): Promise<{ phrase: string; count: number }[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incidentId = incidentSlug ? (await getIncident(this.deps.store, org, incidentSlug)).id : undefined;
    const texts = await this.deps.store.themes.unthemedTexts(org.id, incidentId, 500);
    const counts = new Map<string, number>();
    for (const t of texts) for (const p of keyPhrases(t)) counts.set(p, (counts.get(p) ?? 0) + 1);
    return [...counts]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 20)
      .map(([phrase, count]) => ({ phrase, count }));
  }
}
