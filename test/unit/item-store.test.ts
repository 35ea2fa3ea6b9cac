/**
 * ItemStore writes only what changed: after a read, `replace` of that version is one UpdateItem that
 * SETs the changed attributes and REMOVEs the dropped ones under the version condition; without a
 * remembered read it is a whole Put under the same condition. A fake client captures the commands.
 */
import { describe, expect, it } from 'vitest';
import { ItemStore } from '#shared/adapters/dynamodb/item-store.ts';

function fakeClient(stored: Record<string, unknown> | undefined) {
  const sent: { name: string; input: Record<string, any> }[] = [];
  const ddb = {
    async send(command: { constructor: { name: string }; input: Record<string, any> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command.constructor.name === 'GetCommand')
        return { Item: stored ? structuredClone(stored) : undefined };
      return {};
    },
  };
  return { ddb: ddb as never, sent };
}

const item = {
  PK: 'ASSESSMENT#a_1',
  SK: 'STATE',
  status: 'sent',
  answers: { q1: 'yes' },
  blob: new Uint8Array([1, 2, 3]),
  note: 'keep',
  version: 4,
};

/** SET and REMOVE attribute names of an UpdateItem input. */
function changed(input: Record<string, any>) {
  const names = input.ExpressionAttributeNames as Record<string, string>;
  const [setPart, removePart = ''] = String(input.UpdateExpression).split(' REMOVE ');
  const pick = (part: string) => [...part.matchAll(/#a\d+|#version/g)].map((m) => names[m[0]]!).sort();
  return { set: pick(setPart!), remove: pick(removePart) };
}

describe('replace after a read', () => {
  it('updates only the changed attributes, removes the dropped ones, bumps the version under a condition', async () => {
    const { ddb, sent } = fakeClient(item);
    const store = new ItemStore(ddb, 't');
    const read = (await store.getRaw({ PK: item.PK, SK: item.SK }))!;
    const { note: _dropped, ...rest } = read;
    await store.replace({ ...rest, status: 'in_progress', answers: { q1: 'no' }, version: 4 } as never, 4);

    const update = sent.at(-1)!;
    expect(update.name).toBe('UpdateCommand');
    expect(changed(update.input)).toEqual({ set: ['answers', 'status', 'version'], remove: ['note'] });
    expect(update.input.ConditionExpression).toBe('#version = :expected');
    expect(update.input.ExpressionAttributeValues[':expected']).toBe(4);
    expect(update.input.ExpressionAttributeValues[':next']).toBe(5);
  });

  it('compares binary attributes by their bytes and objects regardless of key order', async () => {
    const { ddb, sent } = fakeClient({ ...item, nested: { a: 1, b: 2 } });
    const store = new ItemStore(ddb, 't');
    const read = (await store.getRaw({ PK: item.PK, SK: item.SK }))!;
    await store.replace(
      { ...read, blob: new Uint8Array([1, 2, 3]), nested: { b: 2, a: 1 }, version: 4 } as never,
      4,
    );
    expect(changed(sent.at(-1)!.input).set).toEqual(['version']);

    await store.replace({ ...read, blob: new Uint8Array([1, 2, 4]), version: 5 } as never, 5);
    expect(changed(sent.at(-1)!.input).set).toEqual(['blob', 'version']);
  });

  it('without a remembered read of that version, writes the whole item under the same condition', async () => {
    const { ddb, sent } = fakeClient(item);
    const store = new ItemStore(ddb, 't');
    await store.getRaw({ PK: item.PK, SK: item.SK }); // version 4 remembered
    await store.replace({ ...item, version: 7 } as never, 7); // but version 7 is written
    const put = sent.at(-1)!;
    expect(put.name).toBe('PutCommand');
    expect(put.input.Item.version).toBe(8);
    expect(put.input.ConditionExpression).toBe('version = :expected');
  });
});

describe('an item the table refuses as too large', () => {
  const refuse = (message: string) => ({
    async send() {
      throw Object.assign(new Error(message), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      });
    },
  });

  it('is a 400 record_too_large naming the 400 KB limit, not "an id or page that cannot exist"', async () => {
    for (const message of [
      'Item size has exceeded the maximum allowed size',
      'Item size to update has exceeded the maximum allowed size',
    ]) {
      const store = new ItemStore(refuse(message) as never, 't');
      const error = await store.create({ PK: 'P', SK: 'S' } as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'record_too_large', status: 400 });
      expect((error as Error).message).toContain('400 KB');
    }
  });

  it('leaves other refusals (a key over 1 KB) as they were', async () => {
    const store = new ItemStore(
      refuse(
        'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
      ) as never,
      't',
    );
    const error = await store.create({ PK: 'P', SK: 'S' } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
  });
});
