/**
 * Frozen questionnaires: the exact questions an assessment was sent, stored once per distinct
 * content as an immutable item keyed by the SHA-256 of its canonical JSON, gzip-compressed.
 *
 * Why: the questionnaire is 25–40 KB of JSON and never changes after launch, while the assessment's
 * answers, status and scores change many times. Kept apart, a draft save rewrites a ~2 KB item
 * instead of a 27 KB one; compressed and shared by every assessment sent the same template version,
 * launch writes it at most once per template version (then only a reference).
 *
 * Reads are eventually consistent and cached in-process: an item that never changes cannot be
 * stale, only not yet visible right after its first write, in which case the read is retried
 * strongly consistent. The content is checked against its address on every load from the table.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../../domain/audit-chain.ts';
import { sha256Hex } from '../../ids.ts';
import type { FrozenQuestionnaire } from '../../schemas/questionnaire.ts';
import { type ItemStore, isConditionFailure } from './item-store.ts';
import { keys } from './table-layout.ts';

/** What an assessment's state item keeps of its questionnaire: the address and what lists show. */
export interface QuestionnaireRef {
  sha256: string;
  templateId: string;
  version: number;
  title: string;
  questionCount: number;
}

const CACHE_MAX = 64;

export class QuestionnaireStore {
  private readonly store: ItemStore;
  private readonly cache = new Map<string, FrozenQuestionnaire>();
  /** Addresses known to be stored (written or read by this process). */
  private readonly stored = new Set<string>();
  /** The reference of a questionnaire object already hashed (loaded ones and those just frozen). */
  private readonly refs = new WeakMap<object, QuestionnaireRef>();

  constructor(store: ItemStore) {
    this.store = store;
  }

  /** The reference of a questionnaire (its address is the SHA-256 of its canonical JSON). */
  refOf(questionnaire: FrozenQuestionnaire): QuestionnaireRef {
    const known = this.refs.get(questionnaire);
    if (known) return known;
    const ref: QuestionnaireRef = {
      sha256: sha256Hex(canonicalJson(questionnaire)),
      templateId: questionnaire.templateId,
      version: questionnaire.version,
      title: questionnaire.title,
      questionCount: questionnaire.questions.length,
    };
    this.refs.set(questionnaire, ref);
    return ref;
  }

  /** Stores the questionnaire unless an identical one is stored already; returns its reference. */
  async put(questionnaire: FrozenQuestionnaire, now: string): Promise<QuestionnaireRef> {
    const ref = this.refOf(questionnaire);
    if (this.stored.has(ref.sha256)) return ref;
    const key = keys.frozenQuestionnaire(ref.sha256);
    // An eventually consistent probe costs a quarter of a failed conditional write of the item.
    const existing = await this.store.getRaw(key, { consistent: false });
    if (!existing) {
      const json = canonicalJson(questionnaire);
      try {
        await this.store.ddb.send(
          new PutCommand({
            TableName: this.store.tableName,
            Item: {
              ...key,
              entity: 'FrozenQuestionnaire',
              ...ref,
              encoding: 'gzip+json',
              body: gzipSync(json, { level: 9 }),
              createdAt: now,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    this.stored.add(ref.sha256);
    this.remember(ref.sha256, questionnaire);
    return ref;
  }

  /** The questionnaire at `sha256`; throws when the item is missing or does not match its address. */
  async get(sha256: string): Promise<FrozenQuestionnaire> {
    const cached = this.cache.get(sha256);
    if (cached) return cached;
    const key = keys.frozenQuestionnaire(sha256);
    const item =
      (await this.store.getRaw(key, { consistent: false })) ??
      (await this.store.getRaw(key, { consistent: true }));
    if (!item) throw new Error(`Frozen questionnaire ${sha256} is missing`);
    const body = item.body as Uint8Array;
    const json = gunzipSync(body).toString('utf8');
    if (sha256Hex(json) !== sha256)
      throw new Error(`Frozen questionnaire ${sha256} does not match its address`);
    const questionnaire = JSON.parse(json) as FrozenQuestionnaire;
    this.stored.add(sha256);
    this.remember(sha256, questionnaire);
    return questionnaire;
  }

  private remember(sha256: string, questionnaire: FrozenQuestionnaire) {
    this.cache.delete(sha256);
    this.cache.set(sha256, questionnaire);
    if (this.cache.size > CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    if (!this.refs.has(questionnaire)) {
      this.refs.set(questionnaire, {
        sha256,
        templateId: questionnaire.templateId,
        version: questionnaire.version,
        title: questionnaire.title,
        questionCount: questionnaire.questions.length,
      });
    }
  }
}
