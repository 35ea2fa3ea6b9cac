/**
 * Full vendor lifecycles over HTTP against `npm start` itself (a child process the bench spawns)
 * or a product already running (`--ports app=…,inbox=…[,pid=…]`): lifecycles per minute at
 * concurrency 10, the product's RSS after them against its idle RSS, and (own child only) its data
 * folder against the data it holds.
 */
import { dataFolderFigures } from './data-folder.ts';
import { lifecycle } from './lifecycle.ts';
import { httpDriver, startProduct } from './remote.ts';
import { fmt, type Row } from './report.ts';
import { rssMb as childRss } from './startup.ts';

export async function measureLifecycles(
  count: number,
  portMap: Record<string, string>,
  log: (line: string) => void,
): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (r: Row) => {
    rows.push(r);
  };

  const external = portMap.app
    ? { appUrl: `http://127.0.0.1:${portMap.app}`, inboxUrl: `http://127.0.0.1:${portMap.inbox}` }
    : undefined;
  const product = external ? undefined : await startProduct();
  try {
    const target = external ?? product!;
    const pid = product?.pid ?? (portMap.pid ? Number(portMap.pid) : undefined);
    const driver = httpDriver(target.appUrl, target.inboxUrl);
    const section = `Full vendor lifecycles over HTTP (register → launch → draft → submit → review), concurrency 10${external ? ', running product' : ', `npm start` child'}`;
    await new Promise((r) => setTimeout(r, 6000));
    const idle = pid ? childRss(pid) : Number.NaN;
    log(`  ${count} at concurrency 10 against ${target.appUrl} (idle RSS ${fmt.mb(idle)})…`);
    const run = `l${Date.now().toString(36)}`;
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = next++; i < count; i = next++) {
          await lifecycle(driver, i, run);
          done++;
          if (done % 50 === 0)
            log(
              `  ${done}/${count} (${((done / (performance.now() - t0)) * 60_000).toFixed(0)}/min${pid ? `, RSS ${fmt.mb(childRss(pid))}` : ''})`,
            );
        }
      }),
    );
    const perMinute = (count / (performance.now() - t0)) * 60_000;
    await new Promise((r) => setTimeout(r, 3000));
    const after = pid ? childRss(pid) : Number.NaN;
    row({
      section,
      metric: 'lifecycles per minute',
      target: '≥ 250/min',
      measured: `${perMinute.toFixed(0)}/min`,
      floor: '—',
      ratio: '—',
      pass: perMinute >= 250,
    });
    row({
      section,
      metric: `product RSS after ${count} lifecycles vs idle`,
      target: '≤ 2× idle',
      measured: fmt.mb(after),
      floor: fmt.mb(idle),
      ratio: fmt.ratio(after, idle),
      pass: pid ? after / idle <= 2 : undefined,
    });
    if (product) {
      const data = await dataFolderFigures(product.dataDir, product.dynamoUrl);
      row({
        section,
        metric: `data folder (dynamodb/) vs the ${data.items.toLocaleString('en')} items it holds (+ GSI copies)`,
        target: '≤ 2× data',
        measured: fmt.mb(data.folderBytes / 1024 / 1024),
        floor: fmt.mb(data.logicalBytes / 1024 / 1024),
        ratio: fmt.ratio(data.folderBytes, data.logicalBytes),
        pass: data.folderBytes / data.logicalBytes <= 2,
      });
    }
  } finally {
    await product?.stop();
  }
  return rows;
}
