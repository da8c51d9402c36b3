//! Every Chinese string dossier.exe's own window prints (the commands print cli/messages.ts).

export const EXE = {
  title: (version: string) => `案卷生成器 ${version}`,
  windowTitle: (name: string) => `案卷生成器 - ${name}`,
  notWorkspace: (dir: string) => `这个文件夹还不是工作区（里面没有 dossier.yaml）：\n  ${dir}`,
  choices: (fresh: string) =>
    [
      '请选择：',
      `  · 直接按回车：新建一个工作区（带示例数据，可以先试用）：\n      ${fresh}`,
      '  · 或者：把已有的工作区文件夹拖进这个窗口（也可以输入它的路径），再按回车',
    ].join('\n'),
  inTemporaryFolder: (dir: string) => `dossier.exe 是从压缩包里直接打开的，现在在临时文件夹里（Windows 会清空它）：\n  ${dir}\n请先把 dossier.exe 复制到一个文件夹（例如 D:\\案卷\\澧源镇2025），再双击那里的 dossier.exe。`,
  dropOnly: '已经有工作区的，也可以把工作区文件夹拖进这个窗口，再按回车。',
  prompt: '> ',
  catalogChoices: (names: string[]) => ['这个工作区用哪一级的案卷目录？', ...names.map((n, i) => `  ${i + 1}  ${n}${i === 0 ? '（直接按回车）' : ''}`)].join('\n'),
  badCatalogChoice: (n: number) => `请输入 1 到 ${n} 之间的数字。`,
  noSuchFolder: (p: string) => `找不到这个文件夹：${p}`,
  notAWorkspace: (p: string) => `这个文件夹里没有 dossier.yaml，不是工作区：${p}`,
  givingUp: '没有选定工作区。',
  created: (dir: string) => `已新建工作区：${dir}`,
  remembered: (dir: string) => `打开上次使用的工作区：${dir}`,
  rememberedHint: '（要打开别的工作区：把 dossier.exe 放进那个工作区文件夹再双击，或把工作区文件夹拖到 dossier.exe 上。）',
  workspace: (dir: string) => `工作区：${dir}`,
  alreadyRunning: '这个工作区已经打开着（另一个窗口），已在浏览器中重新打开页面。这个窗口可以关闭了。',
  started: (url: string) => `案卷页面已在浏览器中打开。如果没有自动打开，请把下面的地址复制到浏览器（地址含访问口令，请勿发给他人）：\n  ${url}`,
  keepOpen: '使用期间请不要关闭这个窗口。用完后直接关闭这个窗口（或按 Ctrl+C）即可退出。',
  building: '正在生成案卷……',
  stopped: '已退出。',
  failed: '出错了：',
  pressEnter: '按回车键关闭这个窗口。',
} as const;
