//! 缺件清单: what is still missing, per volume and item, as Markdown and as a small HTML page.
import type { BuildPlan } from '../plan/types.js';

export interface MissingReport {
  markdown: string;
  html: string;
  count: number;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function missingReport(plan: BuildPlan): MissingReport {
  const title = `${plan.unit.name} ${plan.year} 年度缺件清单`;
  const md: string[] = [`# ${title}`, ''];
  const html: string[] = [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${esc(title)}</title>`,
    '<style>body{font-family:"Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:60em;color:#222}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .6em;text-align:left}th{background:#eee}.ok{color:#176c2f}</style>',
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
  ];
  if (plan.missing.length === 0) {
    md.push('所有必备材料均已齐全。');
    html.push('<p class="ok">所有必备材料均已齐全。</p>');
  } else {
    md.push(`共缺 ${plan.missing.length} 项必备材料。`, '');
    html.push(`<p>共缺 ${plan.missing.length} 项必备材料。</p>`);
    for (const v of plan.volumes) {
      const items = plan.missing.filter((m) => m.volume === v.code);
      if (items.length === 0) continue;
      md.push(`## ${v.code} ${v.title}（缺 ${items.length} 项）`, '', '| 序号 | 材料 | 说明 |', '| --- | --- | --- |');
      html.push(`<h2>${esc(v.code)} ${esc(v.title)}（缺 ${items.length} 项）</h2>`, '<table><tr><th>序号</th><th>材料</th><th>说明</th></tr>');
      items.forEach((m, i) => {
        md.push(`| ${i + 1} | ${m.item.replace(/\|/g, '\\|')} | ${m.reason.replace(/\|/g, '\\|')} |`);
        html.push(`<tr><td>${i + 1}</td><td>${esc(m.item)}</td><td>${esc(m.reason)}</td></tr>`);
      });
      md.push('');
      html.push('</table>');
    }
  }
  html.push('</body></html>', '');
  return { markdown: `${md.join('\n')}\n`, html: html.join('\n'), count: plan.missing.length };
}
