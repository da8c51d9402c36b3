//! The Chinese strings of the Word-file commands (issue 18): import, export-template, check --explain.

export const WORD_MSG = {
  importDescription: '把 Word 文件（.docx）导入为文字模板 templates/<名称>.md.hbs',
  importFileArg: 'Word 文件（.docx）',
  optName: '模板名称（默认用文件名）',
  optWorkspace: '工作区文件夹（默认当前文件夹）',
  optForceImport: '已有同名模板时覆盖（旧文件移到 回收站/templates/）',
  imported: (rel: string) => `已写出 ${rel}`,
  recycled: (rel: string) => `同名的 Word 模板已移到 ${rel}（同一个模板只能有一种写法）`,
  exportDescription: '把模板写成 Word 文件 templates/<名称>.docx，可在 WPS 或 Word 中修改',
  exportNameArg: '模板名称，例如 通知',
  optOut: '写到这个文件（默认 templates/<名称>.docx）',
  exported: (rel: string) => `已写出 ${rel}：用 WPS 或 Word 打开修改，保存后重新生成即可。`,
  optExplain: '列出从 Word 模板和收到的 Word 文件中认出的公文要素',
  explainTitle: (n: number) => `Word 文件中认出的公文要素（${n} 个文件）：`,
  explainNone: '工作区中没有 Word 模板或收到的 Word 文件。',
  explainTemplate: (file: string) => `${file}（Word 模板）`,
  explainReceived: (file: string) => `${file}（收到的文件，按文字排版）`,
  explainLine: (element: string, value: string, where: string, how: string) => `  ${element}：${value}${where ? `　〔${where}，${how}〕` : `　〔${how}〕`}`,
  explainNothing: '  （没有认出任何要素：标题将用目录中的题名）',
} as const;
