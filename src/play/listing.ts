/** --list-tasks / --list-tags / --syntax-check output, in ansible-playbook's format. */
import { pyStr } from '../py/repr.js';
import { selectedByTags } from './tags.js';
import { tagList } from './scope.js';
import type { Play, PlayNode } from './types.js';

interface Listed {
  name: string;
  tags: string[];
}

export interface TagFilter {
  tags: string[];
  skipTags: string[];
  render?: (tag: string, play: Play) => string[];
  play?: Play;
}

function walk(
  nodes: PlayNode[],
  inherited: string[],
  out: Listed[],
  filter: TagFilter,
  roleName?: string,
): void {
  for (const n of nodes) {
    const own = tagList(n.kw.get('tags'));
    const tags = [
      ...inherited,
      ...(filter.render && filter.play ? own.flatMap((t) => filter.render!(t, filter.play!)) : own),
    ];
    if (n.kind === 'block') {
      const rn = n.roleMain ? n.roleMain.name : roleName;
      walk(n.block, tags, out, filter, rn);
      walk(n.rescue, tags, out, filter, rn);
      walk(n.always, tags, out, filter, rn);
    } else if (selectedByTags({ opts: filter }, tags)) {
      const raw = n.kw.get('name');
      // As ansible-playbook: unnamed tasks show their action, named role tasks get the role prefix.
      const role = n.role?.name ?? roleName;
      const name =
        raw === undefined ? n.actionAsWritten : role ? `${role} : ${pyStr(raw)}` : pyStr(raw);
      out.push({ name, tags: [...new Set(tags)] });
    }
  }
}

function fmt(tags: string[]): string {
  return `[${[...new Set(tags)].sort().join(', ')}]`;
}

export function listPlaybook(
  file: string,
  plays: Play[],
  mode: 'tasks' | 'tags' | 'syntax' | 'hosts',
  filter: TagFilter = { tags: [], skipTags: [] },
  matchHosts?: (pattern: string) => string[],
): string {
  let out = `\nplaybook: ${file}\n`;
  if (mode === 'syntax') return out;
  plays.forEach((play, i) => {
    const playTags = tagList(play.kw.get('tags'));
    out += `\n  play #${i + 1} (${play.hosts}): ${play.name}\tTAGS: ${fmt(playTags)}\n`;
    if (mode === 'hosts') {
      const hosts = matchHosts ? matchHosts(play.hosts) : [];
      out += `    pattern: [${play.hosts
        .split(',')
        .map((p) => `'${p.trim()}'`)
        .join(', ')}]\n    hosts (${hosts.length}):\n`;
      for (const h of hosts) out += `      ${h}\n`;
      return;
    }
    const tasks: Listed[] = [];
    const roleBlocks: PlayNode[] = play.roles.map((r) => ({
      kind: 'block',
      block: [
        ...r.deps.map((d): PlayNode => ({
          kind: 'block',
          block: d.tasks,
          rescue: [],
          always: [],
          kw: d.kw,
          origin: { file: d.path },
          roleMain: d,
        })),
        ...r.tasks,
      ],
      rescue: [],
      always: [],
      kw: r.kw,
      origin: { file: r.path },
      roleMain: r,
    }));
    walk([...play.preTasks, ...roleBlocks, ...play.tasks, ...play.postTasks], playTags, tasks, {
      ...filter,
      play,
    });
    if (mode === 'tasks') {
      out += '    tasks:\n';
      for (const t of tasks) out += `      ${t.name}\tTAGS: ${fmt(t.tags)}\n`;
    } else {
      const all = new Set<string>();
      for (const t of tasks) for (const tag of t.tags) all.add(tag);
      for (const tag of playTags) all.add(tag);
      out += `      TASK TAGS: ${fmt([...all])}\n`;
    }
  });
  return out;
}
