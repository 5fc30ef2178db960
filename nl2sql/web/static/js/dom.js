// Small DOM helpers. Text from the server (rows, messages, SQL) only ever goes in as text, never as HTML.

export function element(tag, { className, text, attrs } = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through: a page without clipboard permission still copies through a selection
    }
  }
  const area = element('textarea', { className: 'offscreen' });
  area.value = text;
  document.body.append(area);
  area.select();
  const done = document.execCommand('copy');
  area.remove();
  return done;
}

// A button that copies what text() returns, and says so.
export function copyButton(text, label = 'Copy') {
  const button = element('button', { className: 'copy', text: label, attrs: { type: 'button' } });
  wireCopy(button, text, label);
  return button;
}

export function wireCopy(button, text, label) {
  button.addEventListener('click', async () => {
    const done = await copyText(text());
    button.textContent = done ? 'Copied' : 'Select and copy by hand';
    setTimeout(() => { button.textContent = label; }, 1600);
  });
}
