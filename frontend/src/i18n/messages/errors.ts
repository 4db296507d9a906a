// Words for the server's refusals (docs/api.md error codes) and for failures on our side.

const en = {
  codes: {
    vote_budget_exceeded: 'You have used all your votes in this round. Take one back to move it elsewhere.',
    vote_cap_exceeded: 'You have put the most votes allowed on this idea. Spread the rest over other ideas.',
    wrong_phase: 'The workshop has moved on: that is not possible in this phase.',
    forbidden: 'You are not allowed to do that.',
    not_found: 'That item is no longer on the board.',
    too_long: 'That text is too long (500 characters at most).',
    too_large: 'That is too much data to send at once.',
    rate_limited: 'Too many changes at once. Wait a moment and try again.',
    internal: 'The change could not be saved. Please try again.',
    timeout: 'The server did not confirm in time. Please check the board and retry.',
    unauthorized: 'Please log in again.',
    conflict: 'That conflicts with something that already exists.',
    bad_request: 'The server could not accept that. Check what you entered.',
    unknown_command: 'The server did not understand that request. Reload the page.',
    network: 'Could not reach the server. Check your connection.',
    closed: 'Not connected to the workshop.',
    signup_closed: "This server admits invited members only. Ask your team's owner for an invitation link.",
    invitation_expired: 'This invitation has expired. Ask the person who invited you for a new link.',
    invitation_revoked: 'This invitation was withdrawn.',
    invitation_used: 'This invitation has already been used.',
    invitation_accepted: 'This invitation has already been used.',
    weak_password: 'That password is too easy to guess. Choose a longer or less common one.',
    unknown_host: 'This server does not answer under that address. Open it at its usual address.',
    joining_locked: 'The facilitator has closed this workshop to newcomers. If you should be in it, ask the facilitator to reopen joining.',
    workshop_full: 'This workshop has as many participants as it can take. Please talk to the facilitator.',
    too_many_ideas: 'No more ideas fit: the board is full (2,000 ideas), or you have added 100 ideas, the most one person may.',
    removed: 'The facilitator removed you from this workshop.',
    stage_in_use: 'Accounts are still at a stage you removed. Move them to another stage first.',
    malformed_csv: 'This file cannot be read as CSV. Nothing was imported.',
    too_many_rows: 'This file has too many rows. Split it into smaller files.',
    unsupported_media_type: 'This kind of file cannot be imported. Pick a CSV file.',
    succeed_first: 'This account is not satisfied yet: help it succeed before proposing an offering.',
  } as Record<string, string>,
  /** Specific refusals (the server's message for bad_request and friends), where a translation or a plainer sentence exists. */
  messages: {
    'this board is full; the facilitator can group or delete ideas':
      'The board is full (2,000 ideas). The facilitator can group or delete ideas to make room.',
    'you have added as many ideas as one person may': 'You have added 100 ideas, the most one person may add.',
    'the vote budget and cap cannot change during a vote':
      'Votes per person and the most votes on one idea cannot change during a vote. Change them before or after the voting phase.',
    'ideas were written anonymously; the workshop stays anonymous':
      'Participants wrote ideas while the workshop was anonymous, so it stays anonymous.',
  } as Record<string, string>,
  refused: 'The server refused the request.',
  requestFailed: (status: number) => `Request failed (${status}).`,
  /** "Currency: must be …" when a 400 names a field. */
  field: (label: string, detail: string) => `${label}${detail}`,
  fieldInvalid: (label: string) => `${label} is not valid.`,
};

/** The shape every language must fill in. */
export type ErrorMessages = typeof en;

const ja: ErrorMessages = {
  codes: {
    vote_budget_exceeded: 'このラウンドの持ち票をすべて使いました。別のアイデアに移すには、まず1票取り消してください。',
    vote_cap_exceeded: 'このアイデアに入れられる上限まで投票しました。残りは他のアイデアに配分してください。',
    wrong_phase: 'ワークショップが次のフェーズに進んだため、この操作はできません。',
    forbidden: 'この操作は許可されていません。',
    not_found: 'その項目はもうボードにありません。',
    too_long: 'テキストが長すぎます（500文字まで）。',
    too_large: '一度に送るデータが大きすぎます。',
    rate_limited: '操作が多すぎます。少し待ってからもう一度お試しください。',
    internal: '変更を保存できませんでした。もう一度お試しください。',
    timeout: 'サーバーから時間内に確認が届きませんでした。ボードを確認してから再度お試しください。',
    unauthorized: 'もう一度ログインしてください。',
    conflict: 'すでに存在するものと重複しています。',
    bad_request: 'サーバーが受け付けませんでした。入力内容を確認してください。',
    unknown_command: 'サーバーが要求を理解できませんでした。ページを再読み込みしてください。',
    network: 'サーバーに接続できません。ネットワーク接続を確認してください。',
    closed: 'ワークショップに接続されていません。',
    signup_closed: 'このサーバーは招待されたメンバーだけが登録できます。チームのオーナーに招待リンクを依頼してください。',
    invitation_expired: 'この招待は有効期限が切れています。招待した人に新しいリンクを依頼してください。',
    invitation_revoked: 'この招待は取り消されました。',
    invitation_used: 'この招待はすでに使われています。',
    invitation_accepted: 'この招待はすでに使われています。',
    weak_password: 'このパスワードは推測されやすすぎます。もっと長いか、ありふれていないものを選んでください。',
    unknown_host: 'このサーバーはそのアドレスでは応答しません。いつものアドレスで開いてください。',
    joining_locked: 'ファシリテーターがこのワークショップへの新しい参加を締め切りました。参加する予定だった方は、ファシリテーターに参加の再開を頼んでください。',
    workshop_full: 'このワークショップは参加できる人数の上限に達しています。ファシリテーターに声をかけてください。',
    too_many_ideas: 'これ以上アイデアを追加できません。ボードが上限（2,000件）に達したか、1人が追加できる上限の100件に達しました。',
    removed: 'ファシリテーターがあなたをこのワークショップから外しました。',
    stage_in_use: '削除したステージにまだアカウントがあります。先にそれらのアカウントを別のステージに移してください。',
    malformed_csv: 'このファイルは CSV として読み込めません。何も取り込んでいません。',
    too_many_rows: 'このファイルは行が多すぎます。小さなファイルに分けてください。',
    unsupported_media_type: 'この種類のファイルは取り込めません。CSV ファイルを選んでください。',
    succeed_first: 'このアカウントはまだ満足していません。提案の前に成功を支援しましょう。',
  },
  messages: {
    'ideas that have votes cannot be grouped': '投票済みのアイデアはグループにできません。',
    'this board is full; the facilitator can group or delete ideas':
      'ボードのアイデアが上限（2,000件）に達しました。ファシリテーターがグループ化や削除で空きを作れます。',
    'you have added as many ideas as one person may': '1人が追加できる上限の100件までアイデアを追加しました。',
    'the vote budget and cap cannot change during a vote':
      '投票中は1人あたりの票数と1つのアイデアへの最大票数を変更できません。投票フェーズの前か後に変更してください。',
    'ideas were written anonymously; the workshop stays anonymous':
      '匿名の間に参加者がアイデアを書いたため、このワークショップは匿名のままになります。',
    'settings.voteBudget must be 1 to 50': '1人あたりの票数は1〜50にしてください。',
    'settings.voteCap must be 1 to the vote budget': '1つのアイデアへの最大票数は1から1人あたりの票数までにしてください。',
    'title must be 1 to 200 characters': 'タイトルは1〜200文字にしてください。',
    'there is no timer to clear': '消去するタイマーはありません。',
    'the facilitator removed you from this workshop': 'ファシリテーターがあなたをこのワークショップから外しました。',
    'a new group needs at least two ideas': '新しいグループには2つ以上のアイデアが必要です。',
    'name at most one existing group': '既存のグループは1つだけ選んでください。',
    'only ideas of one column can be grouped': '同じ列のアイデアだけをグループにできます。',
    'start the timer first': '先にタイマーを開始してください。',
    'the timer is not running': 'タイマーは動いていません。',
    'there is no paused timer to resume': '再開できる一時停止中のタイマーはありません。',
    'you have no vote on this idea to take back': 'このアイデアには取り消せる票がありません。',
    'text must not be empty': 'テキストを入力してください。',
    'the workshop is closed': 'ワークショップは終了しています。',
    'ideas for this column are written in its own phase': 'この列のアイデアは、その列のフェーズ中にだけ書けます。',
    'votes are cast in the voting phases': '投票は投票フェーズ中にだけできます。',
    'you can change only your own ideas': '変更できるのは自分のアイデアだけです。',
    'only the facilitator can do this': 'この操作はファシリテーターだけが行えます。',
    'wrong email or password': 'メールアドレスまたはパスワードが正しくありません。',
    'an account with this email exists; sign in instead': 'このメールアドレスはすでに登録されています。ログインしてください。',
    'no workshop has this code': 'このコードのワークショップはありません。コードを確認してください。',
    'this workshop is closed': 'このワークショップは終了しています。',
    'too many wrong codes from your network; try again in a few minutes':
      'このネットワークから誤ったコードが多く入力されました。数分後にもう一度お試しください。',
    'move the workshop to the map phase first': '先にワークショップを「サクセスマップ」フェーズに進めてください。',
    'the account has workshops; it cannot be deleted': 'ワークショップがあるアカウントは削除できません。',
    'sign in first': '先にログインしてください。',
    'this email already has a Kizuki account': 'このメールアドレスにはすでに Kizuki のアカウントがあります。',
    'this email already has a Kizuki account; sign in instead':
      'このメールアドレスにはすでに Kizuki のアカウントがあります。ログインしてください。',
    'this invitation link is unknown': 'この招待リンクは無効です。',
    'this invitation was already used; sign in instead': 'この招待はすでに使われています。ログインしてください。',
    'this invitation was withdrawn; ask for a new one': 'この招待は取り消されました。新しい招待を依頼してください。',
    'this invitation has expired; ask for a new one': 'この招待は有効期限が切れています。新しい招待を依頼してください。',
    'this invitation was already accepted; remove the member instead':
      'この招待はすでに承諾されています。取り消すにはメンバーを削除してください。',
    'the organization needs another owner first': '先にほかのメンバーをオーナーにしてください。組織にはオーナーが必要です。',
    'you cannot remove yourself; another owner or admin can':
      '自分自身は削除できません。ほかのオーナーか管理者に依頼してください。',
    'only an owner may change who owns the organization': '組織のオーナーを変更できるのはオーナーだけです。',
    'only an owner may remove an owner': 'オーナーを削除できるのはオーナーだけです。',
    "only the organization's owners and admins may do this": 'この操作ができるのは組織のオーナーと管理者だけです。',
    'role must be admin or csm; an owner can make a member an owner later':
      '招待できる役割は管理者か CSM です。オーナーにするには、参加後にオーナーが役割を変更してください。',
    "this server admits invited members only; ask your team's owner for an invitation link":
      'このサーバーは招待されたメンバーだけが登録できます。チームのオーナーに招待リンクを依頼してください。',
    'too many failed sign-ins; try again in a few minutes':
      'ログインの失敗が続いたため、一時的にログインできません。数分待ってからもう一度お試しください。',
  },
  refused: 'サーバーが要求を拒否しました。',
  requestFailed: (status: number) => `リクエストに失敗しました（${status}）。`,
  field: (label: string, detail: string) => `「${label}」の値が正しくありません（${detail.trim()}）。`,
  fieldInvalid: (label: string) => `「${label}」の値が正しくありません。`,
};

export const errors = { en, ja };
