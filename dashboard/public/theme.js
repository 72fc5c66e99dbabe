// Apply the saved theme before first paint so the page never flashes the wrong colours. A file,
// not an inline script: the analyzer's Content-Security-Policy allows scripts from 'self' only.
try {
  var t = localStorage.getItem('claude-errors.theme');
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
} catch (e) {}
