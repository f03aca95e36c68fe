import type { ThemeRule } from '../domain/analysis.ts';
import { json, toJson, ts } from './map.ts';
import type { Db } from './store.ts';

const CHUNK = 500;

/**
 * Theme rules per organization, and the rewrites a rename or merge makes to what was already
 * filed under a theme: theme rows, the themes recorded on each item, and links to actions.
 */
export class ThemeRepository {
  constructor(private readonly db: Db) {}

  async list(organizationId: string): Promise<ThemeRule[]> {
    const rows = await this.db
      .selectFrom('theme_rules')
      .select(['name', 'terms'])
      .where('organization_id', '=', organizationId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ name: r.name, terms: json<string[]>(r.terms) }));
  }

  /** The rules of several organizations at once (the analysis worker's batch spans many). */
  async listFor(organizationIds: string[]): Promise<Map<string, ThemeRule[]>> {
    const out = new Map<string, ThemeRule[]>();
    if (organizationIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('theme_rules')
      .select(['organization_id', 'name', 'terms'])
      .where('organization_id', 'in', organizationIds)
      .orderBy('organization_id')
      .orderBy('name')
      .execute();
    for (const r of rows) {
      const list = out.get(r.organization_id) ?? [];
      list.push({ name: r.name, terms: json<string[]>(r.terms) });
      out.set(r.organization_id, list);
    }
    return out;
  }

  async upsert(organizationId: string, rule: ThemeRule, at: string): Promise<void> {
    await this.db
      .insertInto('theme_rules')
      .values({
        organization_id: organizationId,
        name: rule.name,
        terms: toJson(rule.terms),
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'name']).doUpdateSet({ terms: toJson(rule.terms), updated_at: at }),
      )
      .execute();
  }

  async remove(organizationId: string, name: string): Promise<void> {
    await this.db
      .deleteFrom('theme_rules')
      .where('organization_id', '=', organizationId)
      .where('name', '=', name)
      .execute();
  }

  /**
   * Files everything under `from` under `to` instead: theme rows, each item's recorded themes and
   * links from actions. An item or action already under `to` keeps one entry.
   * @returns how many feedback items changed.
   */
  async refile(organizationId: string, from: string, to: string): Promise<number> {
    const ids = (
      await this.db
        .selectFrom('feedback_themes')
        .select('feedback_id')
        .where('organization_id', '=', organizationId)
        .where('theme', '=', from)
        .execute()
    ).map((r) => r.feedback_id);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await this.db
        .insertInto('feedback_themes')
        .values(chunk.map((id) => ({ organization_id: organizationId, feedback_id: id, theme: to })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      const items = await this.db
        .selectFrom('feedback')
        .select(['id', 'themes'])
        .where('organization_id', '=', organizationId)
        .where('id', 'in', chunk)
        .execute();
      for (const item of items) {
        const themes = [...new Set(json<string[]>(item.themes).map((t) => (t === from ? to : t)))];
        await this.db
          .updateTable('feedback')
          .set({ themes: toJson(themes) })
          .where('organization_id', '=', organizationId)
          .where('id', '=', item.id)
          .execute();
      }
    }
    await this.db
      .deleteFrom('feedback_themes')
      .where('organization_id', '=', organizationId)
      .where('theme', '=', from)
      .execute();

    const links = await this.db
      .selectFrom('action_feedback_links')
      .select(['action_id', 'created_at'])
      .where('organization_id', '=', organizationId)
      .where('target', '=', `theme:${from}`)
      .execute();
    if (links.length > 0) {
      await this.db
        .insertInto('action_feedback_links')
        .values(
          links.map((l) => ({
            organization_id: organizationId,
            action_id: l.action_id,
            target: `theme:${to}`,
            created_at: ts(l.created_at),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      await this.db
        .deleteFrom('action_feedback_links')
        .where('organization_id', '=', organizationId)
        .where('target', '=', `theme:${from}`)
        .execute();
    }
    return ids.length;
  }

  /** Analysed items of an organization after `afterId`, oldest id first, for re-theming in batches. */
  async analysedBatch(
    organizationId: string,
    afterId: string,
    limit: number,
  ): Promise<{ id: string; text: string; themes: string[] }[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['id', 'text', 'themes'])
      .where('organization_id', '=', organizationId)
      .where('analysed_at', 'is not', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, text: r.text, themes: json<string[]>(r.themes) }));
  }

  /** Replaces the themes of one item (rows and recorded list). */
  async setThemes(organizationId: string, feedbackId: string, themes: string[]): Promise<void> {
    await this.db
      .deleteFrom('feedback_themes')
      .where('organization_id', '=', organizationId)
      .where('feedback_id', '=', feedbackId)
      .execute();
    if (themes.length > 0) {
      await this.db
        .insertInto('feedback_themes')
        .values(themes.map((theme) => ({ organization_id: organizationId, feedback_id: feedbackId, theme })))
        .execute();
    }
    await this.db
      .updateTable('feedback')
      .set({ themes: toJson(themes) })
      .where('organization_id', '=', organizationId)
      .where('id', '=', feedbackId)
      .execute();
  }

  /** Texts of analysed items that fell under no theme (newest first), to suggest new themes. */
  async unthemedTexts(organizationId: string, incidentId: string | undefined, limit: number) {
    let q = this.db
      .selectFrom('feedback as f')
      .select('f.text')
      .where('f.organization_id', '=', organizationId)
      .where('f.analysed_at', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('feedback_themes as t')
              .select('t.theme')
              .whereRef('t.organization_id', '=', 'f.organization_id')
              .whereRef('t.feedback_id', '=', 'f.id'),
          ),
        ),
      );
    if (incidentId) q = q.where('f.incident_id', '=', incidentId);
    return (await q.orderBy('f.created_at', 'desc').limit(limit).execute()).map((r) => r.text);
  }
}
