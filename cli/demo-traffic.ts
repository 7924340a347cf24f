/**
 * Live traffic through a service's public URL while the demo (or a test) deploys: safe GETs of
 * /api/price (the router mirrors those to green) and POST /orders (never mirrored), counting the
 * POSTs that failed (5xx or no answer). Loopback only: it is the demo's own customer.
 */
export function startLiveTraffic(url: string, pauseMs = 5) {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))
    throw new Error(`live traffic only targets loopback, not ${target.hostname}`);
  let running = true;
  let posts = 0;
  let failedPosts = 0;
  const loop = (async () => {
    while (running) {
      await fetch(`${url}/api/price`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      const r = await fetch(`${url}/orders`, { method: 'POST', body: '{"item":1}' }).catch(() => undefined);
      posts++;
      if (!r || r.status >= 500) failedPosts++;
      await r?.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return {
    counts: () => ({ posts, failedPosts }),
    async stop(): Promise<{ posts: number; failedPosts: number }> {
      running = false;
      await loop;
      return { posts, failedPosts };
    },
  };
}
