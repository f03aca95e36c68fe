import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Delivery, DeliveryChannel, DeliveryStatus } from '../domain/delivery.ts';
import type { Subscription, SubscriptionStatus } from '../domain/subscription.ts';
import { ORG_WIDE } from '../domain/subscription.ts';
import type { Dialect } from './dialects/dialect.ts';
import { count, ts, tsOrNull } from './map.ts';
import type { Db } from './store.ts';
import type { DeliveriesTable, SubscriptionsTable } from './tables.ts';

function toDelivery(r: Selectable<DeliveriesTable>): Delivery {
  return {
    organizationId: r.organization_id,
    id: r.id,
    sourceType: r.source_type as Delivery['sourceType'],
    sourceId: r.source_id,
    sourceVersion: r.source_version,
    subscriptionId: r.subscription_id,
    channel: r.channel as DeliveryChannel,
    recipient: r.recipient,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: ts(r.next_attempt_at),
    lockedUntil: tsOrNull(r.locked_until),
    contentHash: r.content_hash,
    lastError: r.last_error,
    response: r.response,
    sentAt: tsOrNull(r.sent_at),
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function toSubscription(r: Selectable<SubscriptionsTable>): Subscription {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.scope === ORG_WIDE ? null : r.scope,
    channel: r.channel as Subscription['channel'],
    address: r.address,
    audience: r.audience,
    status: r.status as SubscriptionStatus,
    confirmTokenHash: r.confirm_token_hash,
    secret: r.secret,
    createdAt: ts(r.created_at),
    confirmedAt: tsOrNull(r.confirmed_at),
    unsubscribedAt: tsOrNull(r.unsubscribed_at),
  };
}

/** Subscriptions, and the delivery queue that is also the proof of notification. */
export class DeliveryRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async insertSubscription(s: Subscription): Promise<void> {
    await this.db
      .insertInto('subscriptions')
      .values({
        organization_id: s.organizationId,
        id: s.id,
        scope: s.incidentId ?? ORG_WIDE,
        channel: s.channel,
        address: s.address,
        audience: s.audience,
        status: s.status,
        confirm_token_hash: s.confirmTokenHash,
        secret: s.secret,
        created_at: s.createdAt,
        confirmed_at: s.confirmedAt,
        unsubscribed_at: s.unsubscribedAt,
      })
      .execute();
  }

  async findSubscription(organizationId: string, id: string): Promise<Subscription | undefined> {
    const r = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toSubscription(r);
  }

  async findSubscriptionByAddress(
    organizationId: string,
    channel: Subscription['channel'],
    address: string,
    incidentId: string | null,
  ): Promise<Subscription | undefined> {
    const r = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('channel', '=', channel)
      .where('address', '=', address)
      .where('scope', '=', incidentId ?? ORG_WIDE)
      .executeTakeFirst();
    return r && toSubscription(r);
  }

  async findSubscriptionByConfirmHash(hash: string): Promise<Subscription | undefined> {
    const r = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('confirm_token_hash', '=', hash)
      .executeTakeFirst();
    return r && toSubscription(r);
  }

  async updateSubscription(s: Subscription): Promise<void> {
    await this.db
      .updateTable('subscriptions')
      .set({
        status: s.status,
        confirm_token_hash: s.confirmTokenHash,
        audience: s.audience,
        confirmed_at: s.confirmedAt,
        unsubscribed_at: s.unsubscribedAt,
      })
      .where('organization_id', '=', s.organizationId)
      .where('id', '=', s.id)
      .execute();
  }

  async listSubscriptions(
    organizationId: string,
    channel?: Subscription['channel'],
  ): Promise<Subscription[]> {
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(channel !== undefined, (q) => q.where('channel', '=', channel!))
      .orderBy('id')
      .execute();
    return rows.map(toSubscription);
  }

  async insertDelivery(d: Delivery): Promise<boolean> {
    const r = await this.db
      .insertInto('deliveries')
      .values({
        organization_id: d.organizationId,
        id: d.id,
        source_type: d.sourceType,
        source_id: d.sourceId,
        source_version: d.sourceVersion,
        subscription_id: d.subscriptionId,
        channel: d.channel,
        recipient: d.recipient,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: d.nextAttemptAt,
        locked_until: d.lockedUntil,
        content_hash: d.contentHash,
        last_error: d.lastError,
        response: d.response,
        sent_at: d.sentAt,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Writes one pending delivery per active subscription that should hear about a statement
   * version: subscribed to its incident or to the whole organization, for one of its audiences.
   * One set-based INSERT … SELECT, so a million subscribers cost one statement in the publishing
   * transaction. The key makes a repeated call a no-op.
   * @returns how many deliveries were written.
   */
  async enqueueStatement(
    organizationId: string,
    incidentId: string,
    statementId: string,
    version: number,
    audiences: string[],
    now: string,
  ): Promise<number> {
    const t = this.dialect.typed;
    const prefix = `${statementId}:${version}:`;
    const r = await this.db
      .insertInto('deliveries')
      .columns([
        'organization_id',
        'id',
        'source_type',
        'source_id',
        'source_version',
        'subscription_id',
        'channel',
        'recipient',
        'status',
        'attempts',
        'next_attempt_at',
        'created_at',
        'updated_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('subscriptions')
          .select([
            'subscriptions.organization_id',
            sql<string>`${t(prefix, 'text')} || subscriptions.id || ':' || subscriptions.channel`.as('id'),
            t('statement', 'text').as('source_type'),
            t(statementId, 'text').as('source_id'),
            t(version, 'integer').as('source_version'),
            'subscriptions.id as subscription_id',
            'subscriptions.channel',
            'subscriptions.address',
            t('pending', 'text').as('status'),
            t(0, 'integer').as('attempts'),
            t(now, 'timestamp').as('next_attempt_at'),
            t(now, 'timestamp').as('created_at'),
            t(now, 'timestamp').as('updated_at'),
          ])
          .where('subscriptions.organization_id', '=', organizationId)
          .where('subscriptions.status', '=', 'active')
          .where('subscriptions.scope', 'in', [incidentId, ORG_WIDE])
          .where('subscriptions.audience', 'in', audiences.length > 0 ? audiences : ['public']),
      )
      .onConflict((oc) => oc.columns(['organization_id', 'id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * Claims up to `limit` deliveries that are due (or whose sender's lock ran out), marking them
   * sending until `lockedUntil` and counting the attempt. FOR UPDATE SKIP LOCKED lets several
   * workers share the queue on PostgreSQL; on SQLite the single statement is its own short write
   * transaction.
   */
  async claimDue(now: string, lockedUntil: string, limit: number): Promise<Delivery[]> {
    const due = this.db
      .selectFrom('deliveries')
      // Delivery ids embed their source's and subscription's UUIDs, so the id alone is unique.
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(limit)
      .$if(this.dialect.skipLocked, (q) => q.forUpdate().skipLocked());
    const rows = await this.db
      .updateTable('deliveries')
      .set((eb) => ({
        status: 'sending',
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(toDelivery);
  }

  async markSent(
    organizationId: string,
    id: string,
    at: string,
    contentHash: string,
    response: string,
  ): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({
        status: 'sent',
        sent_at: at,
        content_hash: contentHash,
        response,
        last_error: null,
        locked_until: null,
        updated_at: at,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async markCancelled(organizationId: string, id: string, at: string, reason: string): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({ status: 'cancelled', last_error: reason, locked_until: null, updated_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /** Records a failed attempt: pending again at `nextAttemptAt`, or dead when out of attempts. */
  async markFailed(
    organizationId: string,
    id: string,
    at: string,
    error: string,
    nextAttemptAt: string | null,
  ): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({
        status: nextAttemptAt ? 'pending' : 'dead',
        last_error: error.slice(0, 1000),
        next_attempt_at: nextAttemptAt ?? at,
        locked_until: null,
        updated_at: at,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async listBySource(organizationId: string, sourceType: string, sourceId: string): Promise<Delivery[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('source_type', '=', sourceType)
      .where('source_id', '=', sourceId)
      .orderBy('source_version')
      .orderBy('id')
      .execute();
    return rows.map(toDelivery);
  }

  /** How many deliveries of a source are in each status. */
  async countBySource(
    organizationId: string,
    sourceType: string,
    sourceId: string,
  ): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('organization_id', '=', organizationId)
      .where('source_type', '=', sourceType)
      .where('source_id', '=', sourceId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, count(r.n as number)]));
  }
}
