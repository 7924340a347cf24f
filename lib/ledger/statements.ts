/**
 * The exact texts that are signed (UTF-8). Line-based so a human can read and re-create them;
 * each starts with its own domain tag so a signature for one kind can never pass as another.
 */
export function checkpointStatement(cp: { tree_size: number; root_hash: string; issued_at: string }): string {
  return `hale.checkpoint.v1\ntree_size ${cp.tree_size}\nroot ${cp.root_hash}\nissued_at ${cp.issued_at}\n`;
}

export function custodyStatement(c: {
  object_kind: string;
  object_ref: string;
  content_hash: string;
  actor: string;
}): string {
  return `hale.custody.v1\nkind ${c.object_kind}\nref ${c.object_ref}\ncontent ${c.content_hash}\nactor ${c.actor}\n`;
}

export function keyStatement(k: {
  key_id: string;
  actor: string;
  public_key: string;
  not_before: string;
  not_after: string;
}): string {
  return `hale.key.v1\nkey ${k.key_id}\nactor ${k.actor}\npublic ${k.public_key}\nnot_before ${k.not_before}\nnot_after ${k.not_after}\n`;
}
