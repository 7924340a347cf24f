/**
 * Live traffic through a service's public URL while a test deploys: safe GETs of /api/price (the
 * router mirrors those) and POST /orders (never mirrored), counting POSTs that failed (5xx or no answer).
 */
export function startLiveTraffic(url: string, pauseMs = 5) {
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
    async stop(): Promise<{ posts: number; failedPosts: number }> {
      running = false;
      await loop;
      return { posts, failedPosts };
    },
  };
}
