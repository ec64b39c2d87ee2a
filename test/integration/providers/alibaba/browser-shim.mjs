// TOBIRA_BROWSER for the Alibaba tests: hands the URL tobira wants opened to the waiting test process
// (argv: the test's receiver URL, then the URL to open), which drives Chromium with it.
const [receiver, url] = process.argv.slice(2);
const response = await fetch(receiver, { method: 'POST', body: url ?? '' });
process.exitCode = response.ok ? 0 : 1;
// A browser lives on after it was handed a URL; so does this one, briefly, so that a /proc watcher can see its argv.
await new Promise((resolve) => setTimeout(resolve, 1000));
