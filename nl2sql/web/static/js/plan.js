// The plan audit (/v1/explain): PostgreSQL's plan as a tree, and its findings with index suggestions as SQL.
import { copyButton, element } from './dom.js';
import { formatNumber } from './format.js';

const DETAIL_KEYS = ['Join Type', 'Strategy', 'Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter',
  'Filter', 'Sort Key', 'Group Key', 'Subplan Name', 'CTE Name'];

function nodeLabel(node) {
  let label = node['Node Type'] || '?';
  if (node['Index Name']) label += ` using ${node['Index Name']}`;
  if (node['Relation Name']) {
    label += ` on ${node['Relation Name']}`;
    if (node.Alias && node.Alias !== node['Relation Name']) label += ` ${node.Alias}`;
  }
  return label;
}

function numbers(node) {
  const parts = [];
  if (typeof node['Total Cost'] === 'number') parts.push(`cost ${formatNumber(node['Total Cost'])}`);
  if (typeof node['Plan Rows'] === 'number') parts.push(`≈${formatNumber(node['Plan Rows'])} rows`);
  if (typeof node['Actual Rows'] === 'number') {
    parts.push(`actual ${formatNumber(node['Actual Rows'] * (node['Actual Loops'] || 1))} rows`);
  }
  if (typeof node['Actual Total Time'] === 'number') parts.push(`${formatNumber(node['Actual Total Time'])} ms`);
  return parts.join(' · ');
}

function renderNode(node) {
  const item = element('li');
  const head = element('div', { className: 'node' });
  head.append(element('span', { className: 'node-type', text: nodeLabel(node) }));
  const figures = numbers(node);
  if (figures) head.append(element('span', { className: 'node-numbers', text: figures }));
  item.append(head);
  for (const key of DETAIL_KEYS) {
    const value = node[key];
    if (value === undefined || value === null || value === '') continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const detail = element('div', { className: 'node-detail' });
    detail.append(element('span', { className: 'detail-key', text: `${key}: ` }), element('code', { text }));
    item.append(detail);
  }
  if (Array.isArray(node.Plans) && node.Plans.length) {
    const children = element('ul');
    node.Plans.forEach((child) => children.append(renderNode(child)));
    item.append(children);
  }
  return item;
}

export function renderPlan(report, { tree, note, findings }) {
  tree.replaceChildren();
  const root = element('ul', { className: 'tree' });
  root.append(renderNode(report.plan.Plan || {}));
  tree.append(root);
  const notes = [];
  if (report.shape_only) {
    notes.push('The plan\'s shape only: its costs and row counts come from every user\'s rows, so only admins see them.');
  } else if (typeof report.total_cost === 'number') {
    notes.push(`Estimated total cost: ${formatNumber(report.total_cost)}.`);
  }
  if (typeof report.plan['Execution Time'] === 'number') {
    notes.push(`Ran in ${formatNumber(report.plan['Execution Time'])} ms (read-only, rolled back).`);
  }
  note.textContent = notes.join(' ');

  findings.replaceChildren();
  if (!report.findings.length) {
    findings.append(element('li', { className: 'finding none', text: 'No findings: nothing in this plan looks costly.' }));
  }
  for (const finding of report.findings) {
    const item = element('li', { className: `finding ${finding.severity}` });
    const head = element('div', { className: 'finding-head' });
    head.append(element('span', { className: 'severity', text: finding.severity }),
      element('span', { className: 'finding-message', text: finding.message }));
    item.append(head);
    const where = element('div', { className: 'hint' });
    where.append(element('code', { text: finding.code }), document.createTextNode(finding.node ? ` at ${finding.node}` : ''));
    item.append(where);
    if (finding.suggestion) {
      const block = element('div', { className: 'suggestion' });
      const code = element('pre', { className: 'code' });
      code.append(element('code', { text: finding.suggestion }));
      block.append(code, copyButton(() => finding.suggestion, 'Copy SQL'));
      item.append(block);
    }
    findings.append(item);
  }
}
