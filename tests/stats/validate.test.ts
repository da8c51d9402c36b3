//! 责任书 validation on real workspaces: 002's scores (90 of "100分") are an error naming both numbers,
//! a target without a value is an error at its data line, "100%以上" is a warning, parts ≠ total warn.
import { lowerDocument } from '../../src/model/lower.js';
import { afterAll, describe, expect, it } from 'vitest';
import { prepare } from '../../src/build/build.js';
import { markdownToBlocks } from '../../src/render/markdown.js';
import { checkTargetBlocks } from '../../src/render/validate/index.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const SEED_002 = `## 责任内容（分值100分）

:::targets
- 对人口与计划生育工作实行综合治理，成立领导小组。（5分）
- 组织干部职工学习人口与计划生育政策、法律法规。（10分）
- 内新婚办证、持证生育率100%，无计划外生育和非法拾养孩子。（10分）
- 单位一孩以上夫妇节育率达100%，每低于一个百分点扣5分，扣完为止。（20分）
- 单位职工（家属）妇检率达100%，每低于一具百分点扣5分，扣完为止。（20分）
- 加强流动人口计划生育管理。（10分）
- 对所聘用的临时工，聘用前由当事人填写审批表。（10分）
- 及时上报计生工作计划、半年总结、年终总结和各种资料及表格。（5分）
:::
`;

describe('scored form', () => {
  it('002: items add up to 90 of the stated 100 → error with both numbers and the line', () => {
    const { blocks } = markdownToBlocks(SEED_002, 'templates/责任书.md.hbs', 10);
    const ds = checkTargetBlocks(lowerDocument({ meta: { kind: '责任书', title: 't', header: false }, blocks }));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'error', code: 'target-score-sum', file: 'templates/责任书.md.hbs', line: 13 });
    expect(ds[0]?.message).toContain('合计 90 分');
    expect(ds[0]?.message).toContain('总分 100 分');
  });
  it('a blank target value printed by hand ("控制在‰以内") is an error', () => {
    const { blocks } = markdownToBlocks(':::targets\n- 人口出生率控制在‰以内\n:::\n', 't.md', 0);
    expect(checkTargetBlocks(lowerDocument({ meta: { kind: '责任书', title: 't', header: false }, blocks }))[0]?.code).toBe('target-blank');
  });
});

describe('targets and stats data in a workspace', () => {
  it('reports the missing value at its line, the 100%以上 warning, the sum and the parts', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': BASE_DOSSIER,
      'catalog/test.yaml': catalogWith('      - title: 花名册\n        table: villages\n'),
      'data/villages.csv': '村名\n青龙村\n',
      'data/targets.yaml': `total: 100
indicators:
  - name: 人口出生率
    direction: "≤"
    unit: "‰"
    score: 40
  - name: 统计准确率
    direction: "≥"
    value: 100
    unit: "%"
    score: 50
`,
      'data/stats.yaml': `population: 1000
births: { total: 10, boys: 5, girls: 4 }
specialAid: { name: 特扶人数, total: 1637, parts: { 独子死亡: 1070, 独子伤残: 565 } }
`,
    });
    const r = await prepare(dir);
    const pick = (code: string) => r.diagnostics.filter((d) => d.code === code);
    expect(pick('target-no-value')[0]).toMatchObject({ severity: 'error', file: 'data/targets.yaml', line: 3 });
    expect(pick('target-over-100')[0]).toMatchObject({ severity: 'warning', file: 'data/targets.yaml', line: 9 });
    expect(pick('target-score-sum')[0]?.message).toBe('“targets”各项分值合计 90 分，与总分 100 分不符');
    const parts = pick('stats-parts').map((d) => d.message);
    expect(parts).toContain('男婴 5 + 女婴 4 = 9，与出生 10 不符');
    expect(parts).toContain('独子死亡 1070 + 独子伤残 565 = 1635，与特扶人数 1637 不符');
    expect(r.ok).toBe(false);
  });
});
