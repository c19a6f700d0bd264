"""The catalogue: every message a person reads, in English and Simplified Chinese.

Data only, kept apart from the code that fills and shows it (``core.messages``), so that a
translator reads one file and the code stays short.
"""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    # keys and signing
    "keys_missing": (
        "no signing key here: create one with qa-check keys init --issuer NAME",
        "此处没有签名密钥：用 qa-check keys init --issuer 名称 创建",
    ),
    "keys_already_there": (
        "a key is already here: it is never replaced (move the folder away to start anew)",
        "此处已有密钥：不会被替换（如要重新创建，请先移走该文件夹）",
    ),
    "keys_loose": (
        "the private key can be read by other accounts: run chmod 600 {path}",
        "其他账户可读取该私钥：请运行 chmod 600 {path}",
    ),
    "keys_passphrase_needed": (
        "the key is protected by a passphrase: set QA_CHECK_KEY_PASSPHRASE,"
        " or run the command in a terminal to be asked",
        "该密钥受口令保护：请设置 QA_CHECK_KEY_PASSPHRASE，或在终端中运行以输入口令",
    ),
    "keys_passphrase_too_long": (
        "the passphrase is {n:,} bytes long: a key takes at most {limit:,} bytes",
        "口令长 {n:,} 字节：密钥最多只能使用 {limit:,} 字节的口令",
    ),
    "keys_wrong_passphrase": ("wrong passphrase for this key", "该密钥的口令不正确"),
    "keys_corrupt": (
        "not a readable key or certificate (damaged or replaced?)",
        "无法读取的密钥或证书（已损坏或被替换？）",
    ),
    "keys_mismatch": (
        "this certificate does not belong to the key {key}",
        "该证书与密钥 {key} 不匹配",
    ),
    "keys_not_under_ca": (
        "this certificate was not issued under {ca}",
        "该证书并非由 {ca} 签发",
    ),
    "keys_expired": (
        "the signing certificate expired on {when}: create new keys in another folder"
        " (qa-check keys init --keys DIR) and hand out its ca-cert.pem",
        "签名证书已于 {when} 过期：请在另一个文件夹中创建新密钥"
        "（qa-check keys init --keys 目录）并分发其中的 ca-cert.pem",
    ),
    "keys_not_yet_valid": (
        "the signing certificate is valid only from {when}",
        "签名证书自 {when} 起才有效",
    ),
    "keys_no_passphrase": (
        "no passphrase: set QA_CHECK_KEY_PASSPHRASE, run in a terminal to be asked,"
        " or give --no-passphrase to leave the key unencrypted",
        "没有口令：请设置 QA_CHECK_KEY_PASSPHRASE，在终端中运行以输入口令，"
        "或用 --no-passphrase 不加密密钥",
    ),
    "keys_passphrase_prompt": ("Passphrase for the signing key", "签名密钥的口令"),
    "keys_passphrase_again": ("Repeat the passphrase", "再次输入口令"),
    "keys_issuer": ("Issuer:          {issuer}", "签发方：          {issuer}"),
    "keys_fingerprint": ("Key fingerprint: {fingerprint}", "密钥指纹：        {fingerprint}"),
    "keys_ca_fingerprint": ("CA fingerprint:  {fingerprint}", "CA 指纹：         {fingerprint}"),
    "keys_valid_until": ("Valid until:     {when}", "有效期至：        {when}"),
    "keys_folder": ("Key folder:      {folder}", "密钥文件夹：      {folder}"),
    "keys_private_at": (
        "The private key is {path}: it stays on this machine, readable by you only.",
        "私钥位于 {path}：它只留在本机，仅您本人可读。",
    ),
    "keys_hand_out": (
        "Hand out {path}: verifiers trust certificates signed under it.",
        "请分发 {path}：验证方据此信任以它签发的证书。",
    ),
    "keys_unencrypted": (
        "The private key is not encrypted (--no-passphrase).",
        "私钥未加密（--no-passphrase）。",
    ),
    # --- answers: what a typed answer can get wrong -------------------------------------------
    "not_a_number": ("{value!r} is not a number", "“{value}”不是数字"),
    "decimal_comma": (
        "{value!r}: write the decimal point as a point, {fixed}",
        "“{value}”：小数点请用英文句点，写作 {fixed}",
    ),
    "unit_typed": (
        "{value!r} has a unit typed in: write the number alone, {number}",
        "“{value}”带了单位：只写数字，{number}",
    ),
    "not_finite": ("{value!r} is not a finite number", "“{value}”不是有限的数字"),
    "number_expected": ("expected a number, got {kind}", "应为数字，实际为{kind}"),
    "yes_no_number": ("expected a number, got yes/no", "应为数字，实际为是/否"),
    "not_yes_no": ("{value!r} is not yes or no", "“{value}”不是“是”或“否”"),
    "not_a_choice": ("{value!r} is not one of: {allowed}", "“{value}”不是可选项：{allowed}"),
    "below_min": ("{number} {unit} is below {limit}", "{number} {unit} 低于下限 {limit}"),
    "above_max": ("{number} {unit} is above {limit}", "{number} {unit} 高于上限 {limit}"),
    "text_expected": ("expected text, got {kind}", "应为文字，实际为{kind}"),
    "text_empty": ("the text is empty", "内容为空"),
    "series_list": ("expected a list of {count} entries", "应为包含 {count} 项的列表"),
    "series_length": ("expected {count} entries, got {got}", "应为 {count} 项，实际为 {got} 项"),
    "entry_missing": ("entry {number} ({label}) has no answer", "第 {number} 项（{label}）未填写"),
    "not_positive": (
        "must be more than 0 {unit}, got {value}",
        "必须大于 0 {unit}，实际为 {value}",
    ),
    "entry_bad": ("entry {number} ({label}): {reason}", "第 {number} 项（{label}）：{reason}"),
    # --- judging a record --------------------------------------------------------------------
    "not_a_record": (
        "a record is a mapping of fields (sku, product, answers …)",
        "一条记录应是字段的映射（sku、product、answers……）",
    ),
    "answers_unlisted": (
        "answers for checklist {id!r}, which the record does not list under checklists",
        "有检查表“{id}”的答案，但记录的 checklists 中没有列出它",
    ),
    "unknown_item": (
        "no item {item!r} in checklist {checklist}",
        "检查表 {checklist} 中没有“{item}”这一项",
    ),
    "cannot_judge": ("cannot judge: {reason}", "无法判定：{reason}"),
    "cannot_tell_applies": (
        "cannot tell whether this item applies: {reason}",
        "无法确定此项是否适用：{reason}",
    ),
    "no_answer": ("no answer ({prompt})", "未作答（{prompt}）"),
    "loaded_versions": ("loaded versions: {versions}", "已加载的版本：{versions}"),
    "no_such_checklist": ("no such checklist loaded", "未加载此检查表"),
    "stdout_failed": (
        "cannot write the report to standard output ({reason}): it is incomplete;"
        " certificates and records already written are whole",
        "无法把报告写到标准输出（{reason}）：报告不完整；已写出的证书和记录是完整的",
    ),
    "internal_error": (
        "qa-check failed on this record ({error}): this is a bug in qa-check, please report it"
        " with the record; the other records are judged as usual",
        "qa-check 处理这条记录时出错（{error}）：这是 qa-check 的缺陷，请连同记录一起反馈；"
        "其他记录照常判定",
    ),
    "cert_name_taken": (
        "{other} already has this SKU, verdict and date ({name})",
        "{other} 已经用了这个 SKU、结论和日期（{name}）",
    ),
    "cert_no_safe_name": (
        "no safe file name for this SKU, verdict and date ({name})",
        "无法为这个 SKU、结论和日期生成安全的文件名（{name}）",
    ),
    # --- certify: reruns, worker processes, one run per --out folder ----------------------------
    "cert_kept_other": (
        "{file} holds another certificate ({id}), which this record's would replace: it is left"
        " as it is; certify --force replaces it",
        "{file} 中已有另一份证书（{id}），本条记录的证书会覆盖它：已保留原文件；"
        "certify --force 可覆盖",
    ),
    "cert_kept_foreign": (
        "{file} is there and is no certificate this qa-check version issued: it is left as it"
        " is; certify --force replaces it",
        "{file} 已存在，且不是本版本 qa-check 签发的证书：已保留原文件；certify --force 可覆盖",
    ),
    "cert_worker_died": (
        "the process drawing this certificate stopped abruptly, also when it drew it alone"
        " (killed, out of memory or crashed): no certificate; the other records are certified"
        " as usual",
        "绘制这份证书的进程异常终止，单独重试时仍然如此（被终止、内存不足或崩溃）：未生成证书；"
        "其他记录照常出证",
    ),
    "jobs_capped": (
        "--jobs {asked} is more than the cores this process may use ({cores}): it draws with"
        " --jobs {cores}",
        "--jobs {asked} 超过本进程可用的核心数（{cores}）：改用 --jobs {cores} 绘制",
    ),
    "out_locked": (
        "another qa-check certify (process {pid}) is writing into this folder: wait until it"
        " ends, or certify into another --out",
        "另一个 qa-check certify（进程 {pid}）正在写入这个文件夹：请等它结束，"
        "或用 --out 换一个文件夹",
    ),
    "report_kept": ("(unchanged, kept)", "（记录未变，保留原证书）"),
    "report_kept_count": (
        "{count} of them there already for the same record, not drawn again"
        " (--force draws them again)",
        "其中 {count} 份已存在且记录未变，未重新生成（--force 重新生成）",
    ),
    "cannot_write": ("cannot write: {reason}", "无法写入：{reason}"),
    "cannot_write_here": ("cannot write here: {reason}", "无法写入这里：{reason}"),
    "summary_not_format": (
        "not a {format} summary (summary.json as certify writes it)",
        "不是 {format} 汇总（即 certify 写出的 summary.json）",
    ),
    "summary_bad_row": (
        "not a summary row as certify writes it",
        "不是 certify 写出的汇总行",
    ),
    "summary_bad_verdict": (
        "unknown verdict '{verdict}': a summary row is PASS, FAIL or INVALID",
        "未知结论“{verdict}”：汇总行只能是 PASS、FAIL 或 INVALID",
    ),
    "summary_interrupted": (
        "the summary of an interrupted run: run the same certify command again to finish it",
        "这是中断运行的汇总：再次运行同一 certify 命令以完成",
    ),
    "batch_title": ("Certification summary", "认证汇总"),
    "batch_interrupted": (
        "Interrupted: the records so far only. Run the same command again to finish.",
        "已中断：仅含目前的记录。再次运行同一命令以完成。",
    ),
    "batch_records": ("Records", "记录"),
    "batch_passed": ("Passed", "合格"),
    "batch_failed": ("Failed", "不合格"),
    "batch_invalid": ("Invalid", "无效"),
    "batch_rate": ("Pass rate (of judged)", "合格率（已判定）"),
    "batch_by_rule": ("Failures by rule", "按规则统计的不合格"),
    "batch_by_checklist": ("Failures by checklist", "按检查表统计的不合格"),
    "batch_checklist": ("Checklist", "检查表"),
    "batch_failed_records": ("Failed records", "不合格记录数"),
    "batch_failing": ("Failing SKUs and their first failed item", "不合格 SKU 及首个不合格项"),
    "batch_sku": ("SKU", "SKU"),
    "batch_product": ("Product", "产品"),
    "batch_first_failure": ("First failed item", "首个不合格项"),
    "batch_rules": ("Rules", "规则"),
    "batch_invalid_records": ("Invalid records and where", "无效记录及位置"),
    "batch_source": ("Record", "记录"),
    "batch_problems": ("Problems", "问题"),
    "batch_more": (
        "… and {count} more (summary.json lists them all)",
        "……另有 {count} 条（summary.json 中全部列出）",
    ),
    "progress_line": (
        "{command}: {done}{about} records done ({passed} passed, {failed} failed,"
        " {invalid} invalid), {rate} a second",
        "{command}：已处理 {done}{about} 条记录（合格 {passed}，不合格 {failed}，无效 {invalid}），"
        "每秒 {rate} 条",
    ),
    "progress_of_about": (" of about {total}", " / 约 {total}"),
    "interrupted_records": (
        "interrupted after {total:,} records: {passed} passed, {failed} failed, {invalid} invalid",
        "已处理 {total:,} 条记录后中断：{passed} 条合格，{failed} 条不合格，{invalid} 条无效",
    ),
    "interrupted_certificates": (
        "interrupted after {done:,} of {count:,} certificates",
        "已核验 {done:,} / {count:,} 份证书后中断",
    ),
    "os_no_space": ("No space left on device", "磁盘空间已满"),
    "os_permission_denied": ("Permission denied", "没有权限"),
    "os_read_only": ("Read-only file system", "只读文件系统"),
    "os_a_file": ("a file, not a folder", "这是一个文件，不是文件夹"),
    "os_a_link": (
        "a symbolic link: qa-check does not follow links here",
        "这是符号链接：qa-check 在此处不跟随链接",
    ),
    "issued_before_inspection": (
        "issued {issued}, before the inspection ended ({done}): a certificate cannot come first",
        "签发时间 {issued} 早于检验结束时间（{done}）：证书不能早于检验",
    ),
    # --- finding files: what a folder walk skips and why (fileio) ----------------------------
    "no_such_path": ("no such file or folder", "文件或文件夹不存在"),
    "not_a_kind": ("not a {kind} ({suffixes})", "不是{kind}（{suffixes}）"),
    "kind_record_file": ("record file", "记录文件"),
    "kind_checklist_file": ("checklist file", "检查表文件"),
    "walk_not_a_file": (
        "not read: not a regular file (a pipe, device or socket)",
        "未读取：这不是普通文件（是管道、设备或套接字）",
    ),
    "walk_unreadable_folder": (
        "folder not read: {reason}; the records in it are not counted",
        "无法读取此文件夹：{reason}；其中的记录没有计入",
    ),
    "walk_unreadable": ("not read: {reason}", "未读取：{reason}"),
    "walk_dangling_link": (
        "not read: a symbolic link to nothing (its target is gone)",
        "未读取：这是一个指向不存在目标的符号链接",
    ),
    "walk_link": (
        "not read: a symbolic link, which a folder walk does not follow;"
        " name its target on the command line to include it",
        "未读取：这是符号链接，遍历文件夹时不跟随；如需包含，请在命令行直接写出它指向的路径",
    ),
    "unknown_checklist": ("unknown checklist {key} ({hint})", "未知的检查表 {key}（{hint}）"),
    "font_lacks": (
        "the certificate font cannot show {chars}",
        "证书字体无法显示 {chars}",
    ),
    "photo_outside": (
        "{name!r}: a photo is a path inside the record's folder",
        "“{name}”：照片必须是记录所在文件夹内的路径",
    ),
    "sku_not_code128": (
        "Code 128 cannot encode {chars}: a SKU on a certificate uses printable ASCII only",
        "Code 128 条码无法编码 {chars}：证书上的SKU只能使用可打印的英文字符（ASCII）",
    ),
    "photo_missing": ("no photo file {path}", "找不到照片文件 {path}"),
    "photo_name_nul": (
        "a photo name cannot contain a NUL character (\\0)",
        "照片名称不能包含空字符（\\0）",
    ),
    "photo_link_outside": (
        "{name!r} leads to {target}, outside the record's folder: a photo is a file inside it",
        "“{name}”指向记录所在文件夹之外的 {target}：照片必须是该文件夹内的文件",
    ),
    "photo_not_file": (
        "{path} is not a regular file: a folder, pipe or device cannot be a photo",
        "{path} 不是普通文件：文件夹、管道或设备不能作为照片",
    ),
    "photo_cannot_open": ("cannot read {path}: {reason}", "无法读取 {path}：{reason}"),
    "photo_unreadable": (
        "{name!r}: not a readable JPEG or PNG image",
        "“{name}”：不是可读取的 JPEG 或 PNG 图片",
    ),
    "photo_too_large": (
        "{name!r}: more than {limit} million pixels, too large to read",
        "“{name}”：超过 {limit} 百万像素，图片过大，无法读取",
    ),
    "photos_too_many": (
        "{count} photos: a certificate shows at most {limit}",
        "共 {count} 张照片：一份证书最多显示 {limit} 张",
    ),
    "photo_embedded_bad": (
        "embedded photo {name!r} is not a JPEG of at most {pixels} pixels a side and {kb} KB",
        "内嵌照片“{name}”不是边长不超过 {pixels} 像素、大小不超过 {kb} KB 的 JPEG 图片",
    ),
    # --- the guided run ----------------------------------------------------------------------
    "position": ("item {n} of {m}", "第 {n} 项，共 {m} 项"),
    "series_position": (
        " · {group} {k} of {count} ({n} of {total})",
        " · {group} 第 {k} 次，共 {count} 次（总第 {n} 次，共 {total} 次）",
    ),
    "section_product": ("Product", "产品信息"),
    "section_inspection": ("Inspection", "检验信息"),
    "ask_sku": ("SKU (type it or scan the label)", "SKU（输入或扫描标签）"),
    "help_sku": (
        "The SKU code as listed. A scanner types it and presses Enter for you.",
        "商品上架时使用的SKU编码。扫描枪会自动输入并回车。",
    ),
    "ask_product_name": ("Product name", "产品名称"),
    "help_product_name": (
        "Any language, e.g. 无线蓝牙耳机 Wireless Earbuds.",
        "任何语言均可，例如：无线蓝牙耳机 Wireless Earbuds。",
    ),
    "ask_electrical": ("Is it an electrical or electronic product?", "是否为电子电器产品？"),
    "help_electrical": (
        "Yes if it has a battery, a plug or a USB cable; its labels then go on the colour box.",
        "带电池、插头或USB线的选“是”；其电器标签须贴在彩盒上。",
    ),
    "ask_gross_weight_kg": ("Gross weight, packed (kg)", "包装后毛重（公斤）"),
    "help_gross_weight_kg": (
        "Weigh the finished single-SKU package. The compression load is computed from it.",
        "称量包装完成的单个SKU包裹。抗压载荷据此计算。",
    ),
    "ask_length_cm": ("Package length (cm)", "包装长度（厘米）"),
    "help_length_cm": ("Outer size of the package.", "包装外部尺寸。"),
    "ask_width_cm": ("Package width (cm)", "包装宽度（厘米）"),
    "help_width_cm": ("Outer size of the package.", "包装外部尺寸。"),
    "ask_height_cm": ("Package height (cm)", "包装高度（厘米）"),
    "help_height_cm": (
        "Outer height as it stands in a stack. The compression load is computed from it.",
        "堆码时的外部高度。抗压载荷据此计算。",
    ),
    "ask_inspector": ("Inspector (your name)", "检验员（您的姓名）"),
    "help_inspector": ("Who did the checks.", "执行检验的人员。"),
    "ask_site": ("Site (warehouse or lab)", "检验地点（仓库或实验室）"),
    "help_site": ("Where the checks were done.", "检验所在的仓库或实验室。"),
    "type_an_answer": (
        "Type an answer and press Enter (? for help, b to go back, q to stop).",
        "请输入答案后按回车（? 查看帮助，b 返回上一题，q 暂停）。",
    ),
    "cannot_go_back": (
        "There is no earlier question to change (the SKU stays: press q and start a new run).",
        "没有可以返回修改的上一题（SKU不能修改：请按 q 暂停后重新开始）。",
    ),
    "draft_exists": (
        "A saved run of {sku} exists (started {started}, {n} answers). Continue it?",
        "{sku} 有一份已保存的检验（开始于 {started}，已答 {n} 项）。要继续吗？",
    ),
    "continue_draft": ("Continue where it stopped", "从中断处继续"),
    "start_over": ("Start over (the saved answers are deleted)", "重新开始（删除已保存的答案）"),
    "draft_help": (
        "Every answer was saved as it was typed; continuing asks only what is still open.",
        "每个答案输入后都已保存；继续时只询问尚未回答的问题。",
    ),
    "type_1_or_2": ("Type 1 or 2 and press Enter.", "请输入 1 或 2 后按回车。"),
    "checklist_changed": (
        "{before} changed since this run was started (now {after}): kept {kept} answers,"
        " dropped {dropped}; those are asked again.",
        "开始本次检验后 {before} 已修改（现为 {after}）：保留 {kept} 个答案，"
        "删除 {dropped}，这些问题将重新询问。",
    ),
    "dropped": (
        "No longer applies, answer removed: {items}",
        "以下问题不再适用，答案已删除：{items}",
    ),
    "fail_now": (
        "FAIL {rule} {label}\n  required: {required}\n  recorded: {recorded}\n  action:   {action}",
        "不合格 {rule} {label}\n  要求：{required}\n  记录：{recorded}\n  整改：{action}",
    ),
    "not_an_option": (
        "{value!r} is not one of the choices: type its number or its name ({options})",
        "“{value}”不是可选项：请输入编号或名称（{options}）",
    ),
    "required_label": ("Required: ", "要求："),
    "keys_hint": (
        "? help  ·  b back  ·  q stop (answers are saved)",
        "? 帮助  ·  b 返回上一题  ·  q 暂停（答案已保存）",
    ),
    "enter_keeps": ("Enter keeps: ", "直接回车保留："),
    "stopped": (
        "Stopped. Every answer is saved. Continue with: {command}",
        "已暂停，所有答案均已保存。继续请运行：{command}",
    ),
    "draft_unreadable": ("the draft cannot be read: {reason}", "无法读取草稿：{reason}"),
    "draft_not_a_draft": ("not a qa-check draft", "不是 qa-check 草稿"),
    "draft_damaged_part": (
        "not a qa-check draft: this part is damaged ({expected} belongs here)",
        "不是 qa-check 草稿：此处已损坏（这里应为{expected}）",
    ),
    "draft_expected_lang": ("en or zh", "en 或 zh"),
    "draft_expected_mapping": ("a mapping", "映射"),
    "draft_expected_fingerprint": (
        "a checklist's version, hash and items",
        "检查表的版本、哈希和检查项",
    ),
    "draft_expected_text": ("text", "文本"),
    "draft_expected_texts": ("a mapping of text to text", "文本到文本的映射"),
    "draft_expected_answer": ("an answer as text, or a list of them", "文本答案或文本答案列表"),
    "draft_damaged": (
        "The saved run of {sku} cannot be used: {problem}. Start again?",
        "{sku} 的已保存检验无法使用：{problem}。要重新开始吗？",
    ),
    "draft_start_again": (
        "Start again (the damaged file is kept aside, renamed)",
        "重新开始（损坏的文件会改名保留）",
    ),
    "draft_leave": ("Stop (the file is left as it is)", "停止（文件保持不变）"),
    "draft_damaged_help": (
        "1 keeps the damaged file as SKU.draft.damaged-TIME beside it and asks every question"
        " again; 2 stops here and changes nothing.",
        "1 将损坏的文件改名为 SKU.draft.damaged-时间 保留在原处，并重新询问所有问题；"
        "2 在此停止，不做任何修改。",
    ),
    "draft_set_aside": ("The damaged draft is kept as {path}.", "损坏的草稿已保留为 {path}。"),
    "draft_unread_answers": (
        "Saved answers that no longer read as answers are asked again: {keys}.",
        "已保存但无法读取的答案将重新询问：{keys}。",
    ),
    "draft_locked": (
        "{sku} is being inspected by another run, on {host} (process {pid}) since {since}:"
        " finish or stop that run first; this run changed nothing",
        "{sku} 正在由另一个检验进行中：{host}（进程 {pid}），开始于 {since}："
        "请先完成或停止那个检验；本次未做任何修改",
    ),
    "draft_lock_taken_over": (
        "The run of {sku} on {host} (process {pid}, since {since}) ended without letting go"
        " of its draft; this run takes it over.",
        "{host} 上 {sku} 的检验（进程 {pid}，开始于 {since}）结束时未释放草稿；本次检验接管它。",
    ),
    "carried_open": (
        "The questions of this run are answered; {checklists} still has questions open, so"
        " the record is not written yet: their answers stay in the draft.",
        "本次的问题已全部回答；{checklists} 还有未答的问题，因此暂不写入记录：其答案保留在草稿中。",
    ),
    "draft_checklist_gone": (
        "this saved run was started with {checklists}, which is not loaded now (-c): load it"
        " to continue; the draft is left as it is",
        "这份已保存的检验开始时使用了 {checklists}，但现在没有加载（-c）："
        "请加载后继续；草稿保持不变",
    ),
    "stopped_before_sku": (
        "Stopped before a SKU was given: nothing to save.",
        "在输入SKU之前已停止：没有需要保存的内容。",
    ),
    "no_draft": (
        "no saved run of {sku} here (drafts are kept in {folder})",
        "这里没有 {sku} 的已保存检验（草稿保存在 {folder}）",
    ),
    "missing_answers": (
        "{n} answers are missing (no terminal to ask them on):",
        "缺少 {n} 个答案（没有终端可以询问）：",
    ),
    "certificate_written": ("Certificate: {path}", "证书：{path}"),
    "so_far": (
        "{value} so far: {counts} (of {n} entries recorded)",
        "目前{value}：{counts}（已记录 {n} 次）",
    ),
    "outcome_pass": ("pass", "合格"),
    "outcome_fail": ("FAIL", "不合格"),
    "outcome_not_applicable": ("n/a", "不适用"),
    "column_checklist": ("Checklist", "检查表"),
    "column_rule": ("Rule", "规则"),
    "column_item": ("Item", "检查项"),
    "column_recorded": ("Recorded", "记录值"),
    "column_result": ("Result", "结果"),
    "summary_title": ("Inspection of {sku}", "{sku} 检验结果"),
    "verdict_pass": ("PASS: every check that applies passed.", "合格：所有适用的检查项均合格。"),
    "verdict_fail": (
        "FAIL: fix the failed items and inspect again.",
        "不合格：请整改不合格项后重新检验。",
    ),
    "verdict_invalid": ("INVALID: the record cannot be judged.", "无效：该记录无法判定。"),
    "record_written": ("Record saved: {path}", "记录已保存：{path}"),
    "not_in_this_run": (
        "answers for checklist {checklist}, which this run does not include",
        "有检查表 {checklist} 的答案，但本次检验不包含该检查表",
    ),
    # --- reading files: size, encoding, YAML syntax (safe_yaml) -------------------------------
    "file_empty": ("file is empty", "文件是空的"),
    "file_too_large": (
        "file is {size:,} bytes; the limit is {limit:,} bytes: split it into several files",
        "文件有 {size:,} 字节，超过上限 {limit:,} 字节：请把记录分到几个文件里",
    ),
    "cannot_read_file": ("cannot read file: {reason}", "无法读取文件：{reason}"),
    "os_no_such_file": ("No such file or directory", "文件不存在"),
    "os_is_a_folder": ("Is a directory", "这是一个文件夹，不是文件"),
    "os_other": ("{reason}", "系统错误（{reason}）"),
    # --- certificates: issue times, verify, lint --known -----------------------------------------
    "issued_at_no_zone": (
        "{value!r} is not a time with a zone, e.g. 2026-11-23T09:00:00+08:00",
        "“{value}”不是带时区的时间，例如 2026-11-23T09:00:00+08:00",
    ),
    "issued_at_out_of_range": (
        "{value!r} is outside the times a certificate can carry (years 0001 to 9999 in UTC)",
        "“{value}”超出了证书可以表示的时间范围（换算为 UTC 后须在 0001 至 9999 年之间）",
    ),
    "cert_not_regular": (
        "not a certificate: not a regular file (a folder, a pipe or a device)",
        "不是证书：这不是普通文件（而是文件夹、管道或设备）",
    ),
    "cert_too_large": (
        "not a certificate: larger than {limit:,} bytes",
        "不是证书：文件超过 {limit:,} 字节",
    ),
    "cert_not_pdf": ("not a PDF file", "不是 PDF 文件"),
    "cert_unreadable_pdf": ("unreadable PDF: {detail}", "无法读取的 PDF：{detail}"),
    "cert_is_summary": (
        "a batch summary certify wrote beside the certificates, not a certificate: passed over",
        "certify 写在证书旁的批次汇总，不是证书：已跳过",
    ),
    "cert_no_record": (
        "not a qa-check certificate: no {name} inside",
        "不是 qa-check 证书：文件里没有 {name}",
    ),
    "cert_format_newer": (
        "issued by {generator} in format {format}, newer than {this} reads:"
        " update qa-check to verify it",
        "由 {generator} 以 {format} 格式签发，比 {this} 能读的格式新：请升级 qa-check 后再核验",
    ),
    "cert_format_older": (
        "issued by {generator} in format {format}, before certificates stayed verifiable:"
        " certify its record again (README: Certificate formats)",
        "由 {generator} 以 {format} 格式签发，早于证书可长期核验的格式：请重新为其记录签发证书"
        "（见 README「证书格式」）",
    ),
    "cert_unreadable_record": (
        "unreadable embedded record: {detail}",
        "内嵌记录无法读取：{detail}",
    ),
    "cert_record_too_large": (
        "{size:,} bytes; an embedded record holds at most {limit:,}",
        "有 {size:,} 字节，内嵌记录最多 {limit:,} 字节",
    ),
    "cert_not_utf8": ("not UTF-8 text (byte {byte})", "不是 UTF-8 文本（第 {byte} 字节）"),
    "cert_not_format": ("not a {format} document", "不是 {format} 格式的文档"),
    "cert_part_needed": ("required in {format}", "{format} 格式必须有此项"),
    "cert_part_foreign": ("not part of {format}", "{format} 格式没有此项"),
    "cert_bad_time": (
        "{value!r} is not a time written as 2026-11-23T01:00:00Z",
        "“{value}”不是 2026-11-23T01:00:00Z 格式的时间",
    ),
    "cert_not_base64": ("not base64 text", "不是 base64 文本"),
    "cert_checklist_hash": (
        "the embedded checklist {key} was changed: its content hash is {actual},"
        " the certificate says {claimed}",
        "内嵌检查表 {key} 被修改过：其内容哈希为 {actual}，证书记载的是 {claimed}",
    ),
    "cert_digest_changed": (
        "the embedded record was changed: its digest is {actual}…, the certificate says {claimed}…",
        "内嵌记录被修改过：其摘要为 {actual}…，证书记载的是 {claimed}…",
    ),
    "cert_checked_older": (
        "note: issued by {generator}: checked its record (digest, judged again), the id, digest"
        " and verdict on its page, and nothing appended; not its drawing",
        "注：由 {generator} 签发：已核对内嵌记录（摘要、重新判定）、页面上的证书编号、摘要和结论，"
        "以及文件未被追加内容；未比对页面绘制",
    ),
    "cert_checked_drawing": (
        "note: written by another build of the PDF library: compared by what its pages draw,"
        " not byte for byte, and nothing appended",
        "注：由另一版本的 PDF 库写出：按页面绘制内容比对，未逐字节比对；文件未被追加内容",
    ),
    "cert_page_edited": (
        "the page is not what its embedded record renders to: it was edited after issue",
        "页面与内嵌记录生成的结果不一致：签发后被修改过",
    ),
    "cert_unrenderable": (
        "the embedded record cannot be rendered ({error})",
        "内嵌记录无法生成页面（{error}）",
    ),
    "cert_more_reasons": ("… and {n} more", "……另有 {n} 处"),
    "cert_stale": (
        "judged against a different {key} than the one installed ({file}): {changes}",
        "判定所依据的 {key} 与已安装的（{file}）内容不同：{changes}",
    ),
    "cert_stale_change": (
        "{path}: {ours} in the certificate, {theirs} installed",
        "{path}：证书中为 {ours}，已安装的为 {theirs}",
    ),
    "cert_stale_more": ("and {n} more", "另有 {n} 处"),
    "cert_absent": ("none", "无"),
    # --- verify: signatures, trust and the register --------------------------------------------
    "cert_signed_line": ("signed by {name}, key {key}…", "签名者：{name}，密钥 {key}…"),
    "cert_signature_required": (
        "not signed, and --require-signature asks for a signature",
        "未签名，而 --require-signature 要求有签名",
    ),
    "cert_signature_removed": (
        "the certificate says {name} signed it, but it carries no signature: it was removed",
        "证书写明由 {name} 签名，但文件中没有签名：签名已被去除",
    ),
    "cert_signer_differs": (
        "the certificate names signing key {named}…, but key {actual}… signed the file",
        "证书写明的签名密钥为 {named}…，但文件由密钥 {actual}… 签名",
    ),
    "cert_badge_differs": (
        "the page shows {shown}, but its record is {verdict}",
        "页面显示为 {shown}，但其记录的结论是 {verdict}",
    ),
    "cert_signature_broken": (
        "the signature does not match the file: it was changed after signing",
        "签名与文件不符：签名后被修改过",
    ),
    "cert_signature_appended": (
        "{size:,} bytes were added after the signature (an incremental update): changed after"
        " signing",
        "签名之后追加了 {size:,} 字节（增量更新）：签名后被修改过",
    ),
    "cert_signature_count": (
        "{n} signatures: qa-check signs a certificate once, so signatures were added after issue",
        "有 {n} 个签名：qa-check 只签一次，其余签名为签发后添加",
    ),
    "cert_signature_ranges": (
        "the signed byte ranges [{ranges}] are not [0 a b c] ending at the end of the file"
        " ({size:,} bytes): the signature was moved",
        "签名的字节范围 [{ranges}] 不是以文件末尾（{size:,} 字节）结束的 [0 a b c]：签名被移动过",
    ),
    "cert_signature_short": (
        "the file ends {size:,} bytes before the end of what its signature covers: it was cut"
        " short, or its signature moved",
        "文件比签名覆盖的范围少 {size:,} 字节：被截短，或签名被移动过",
    ),
    "cert_signature_gap": (
        "the {size:,} bytes the signature leaves out are not exactly its own hex string:"
        " something was put beside it (signature wrapping)",
        "签名未覆盖的 {size:,} 字节不只是签名本身的十六进制串："
        "旁边被放入了其他内容（签名包装攻击）",
    ),
    "cert_signature_unreadable": (
        "the signature cannot be read: {detail}",
        "无法读取签名：{detail}",
    ),
    "cert_signer_untrusted": (
        "signed by {name} (key {key}…), which no trusted certificate vouches for;"
        " --trust names the CA certificate the issuer hands out",
        "签名者 {name}（密钥 {key}…）不受任何受信任证书认可；请用 --trust 指定签发方提供的 CA 证书",
    ),
    "cert_signer_expired": (
        "signed by {name}, whose signing certificate expired on {date}",
        "签名者 {name} 的签名证书已于 {date} 过期",
    ),
    "cert_signer_not_yet": (
        "signed by {name}, whose signing certificate is valid only from {date}",
        "签名者 {name} 的签名证书自 {date} 起才生效",
    ),
    "cert_revoked": ("revoked on {at}: {why}", "已于 {at} 撤销：{why}"),
    "cert_superseded": (
        "superseded: {id} was issued later for the same SKU",
        "已被取代：同一 SKU 之后签发了 {id}",
    ),
    "trust_not_certificate": (
        "no X.509 certificate in it (PEM or DER); --trust takes the CA certificate a site hands"
        " out, such as ca-cert.pem",
        "其中没有 X.509 证书（PEM 或 DER）；--trust 需要签发方提供的 CA 证书，如 ca-cert.pem",
    ),
    # --- the site configuration (qa-check.toml) and the site part of a payload ---------------
    "config_invalid_toml": ("invalid TOML: {reason}", "TOML 格式错误：{reason}"),
    "config_too_deep": (
        "invalid TOML: nested too deeply to read",
        "TOML 格式错误：嵌套层数过多，无法读取",
    ),
    "config_logo_missing": ("no logo file {path}", "找不到标志图片文件 {path}"),
    "config_logo_not_file": (
        "{path} is not a regular file: a folder, pipe or device cannot be a logo",
        "{path} 不是普通文件：文件夹、管道或设备不能作为标志图片",
    ),
    "cert_logo_bad": (
        "the embedded logo is not a JPEG of at most {pixels} pixels a side and {kb} KB",
        "内嵌标志图片不是边长不超过 {pixels} 像素、大小不超过 {kb} KB 的 JPEG 图片",
    ),
    "kind_date": ("a date or time", "日期或时间"),
    "known_line": (
        "expected id@version and the 64 hex digits of its SHA-256, e.g. drop-test@2 3f5a…",
        "应为“检查表@版本”加上 64 位十六进制的 SHA-256，例如 drop-test@2 3f5a…",
    ),
    "known_twice": ("listed twice (first on line {first})", "重复列出（第 {first} 行已列出）"),
    "known_changed": (
        "{key} is not the content listed in {known}: give the edited checklist a new version",
        "{key} 的内容与 {known} 中登记的不同：修改过的检查表请使用新的版本号",
    ),
    "known_added": ("{file}: added {key}", "{file}：已添加 {key}"),
    "lint_clean": ("checklists OK", "检查表没有问题"),
    "lint_problem": ("1 problem found", "发现 1 个问题"),
    "lint_problems": ("{n} problems found", "发现 {n} 个问题"),
    "checklist_misnamed": (
        "the file is named {name} but holds {key}: a released version keeps its name and"
        " content; a new version is a copy named after its new version",
        "文件名为 {name}，内容却是 {key}：已发布的版本保持原名和原内容；"
        "新版本请复制为以新版本号命名的文件",
    ),
    "withdrawal_unknown": (
        "{key} is not a checklist version here or among those shipped with qa-check",
        "{key} 既不在此处，也不在 qa-check 自带的检查表版本中",
    ),
    "checklist_withdrawn": (
        "{key} is withdrawn from {since}: no certificate is issued against it; record the"
        " inspection again against {use}",
        "{key} 自 {since} 起已停用，不再据此签发证书：请按 {use} 重新记录检验",
    ),
    "known_needed": (
        "needs --known FILE, the file the versions are added to",
        "需要同时用 --known 指定要添加到的文件",
    ),
    "not_encoded": (
        "not valid {encoding} text{where}",
        "不是有效的 {encoding} 文本{where}：请确认 --encoding 是否正确",
    ),
    "not_encoded_utf8": (
        "not valid {encoding} text{where};"
        " if Excel saved it as GBK / ANSI, run again with --encoding gbk",
        "不是有效的 {encoding} 文本{where}：如果文件是 Excel 另存为 GBK / ANSI 编码的，"
        "请加上 --encoding gbk 再运行一次",
    ),
    "yaml_no_document": (
        "file holds no YAML document",
        "文件里没有内容（只有注释或空行）",
    ),
    "invalid_yaml": ("invalid YAML: {reason}", "YAML 格式错误：{reason}"),
    "yaml_on_line": (" on line {line}", "第 {line} 行"),
    "yaml_control": (
        "a control character ({code}) at character {column}, which YAML does not allow:"
        " retype the value, or save the file again as UTF-8 text",
        "第 {column} 个字符处有控制字符（{code}），YAML 不允许："
        "请重新输入该值，或将文件另存为 UTF-8 文本",
    ),
    "yaml_tab": (
        "a tab is used for indentation{where}: indent with spaces",
        "{where}用了 Tab 键缩进：请改用空格缩进",
    ),
    "yaml_fullwidth_colon": (
        "a full-width colon ： follows the key{where}:"
        " type a plain colon : (switch the input method to English)",
        "{where}键名后面用了全角冒号“：”，请改成英文冒号“:”（先把输入法切换到英文）",
    ),
    "yaml_fullwidth_space": (
        "a full-width space (U+3000) is used{where}:"
        " indent and separate with plain spaces (switch the input method to English)",
        "{where}用了全角空格：缩进和分隔请用英文半角空格（先把输入法切换到英文）",
    ),
    "yaml_no_space_after_colon": (
        "no space after the colon{where}: write key: value, with a space after the colon",
        "{where}冒号后面缺少空格：请写成“键: 值”，冒号后加一个空格",
    ),
    "yaml_no_colon": (
        "no colon after the key{where}: write key: value (or - value for a list entry)",
        "{where}键名后面没有冒号：请写成“键: 值”（列表项写成“- 值”）",
    ),
    "yaml_colon_out_of_place": (
        "a colon is out of place{where}: put a value that contains a colon in quotes,"
        ' e.g. site: "Hall: 3", and indent the line like the lines around it',
        '{where}冒号位置不对：值里有冒号时请给整个值加英文引号，例如 site: "Hall: 3"；'
        "并检查这一行的缩进是否与上下行对齐",
    ),
    "yaml_unclosed_quote": (
        "the quote opened on line {line} is not closed: add the closing quote",
        "第 {line} 行的引号没有闭合：请补上另一半引号",
    ),
    "yaml_ends_early": (
        "the file ends in the middle of a value: look for a quote or bracket that is not closed",
        "文件在一个值的中间就结束了：请检查是否有没闭合的引号或括号",
    ),
    "yaml_unclosed_bracket": (
        "the bracket opened on line {line} is not closed: close it with ] or }},"
        " or write a list as one - entry per line",
        "第 {line} 行的括号没有闭合：请补上 ] 或 }}，或者把列表写成每行一个“- 值”",
    ),
    "yaml_another_document": (
        "another document begins here (---): a file holds one document;"
        " delete the --- line, or write several records as a list",
        "这里开始了另一份文档（---）：一个文件只能有一份；请删掉 --- 这一行，多条记录请写成列表",
    ),
    "yaml_indentation": (
        "the indentation does not line up{where}:"
        " indent the lines of one block by the same number of spaces",
        "{where}缩进没有对齐：同一层的各行请缩进相同数量的空格",
    ),
    "yaml_text_after_quote": (
        "text follows a closing quote{where}: put the whole value in quotes",
        "{where}引号后面还有文字：请把整个值放在引号里",
    ),
    "yaml_list_mixed": (
        "a list entry (- …) and a key: value line are mixed{where}:"
        " start every entry of a list with - and indent them the same",
        "{where}列表项（- …）和“键: 值”混在一起：列表的每一项都以 - 开头，并且缩进相同",
    ),
    "yaml_cannot_start": (
        "a value cannot start with {char}{where}: put the value in quotes",
        "{where}值不能以 {char} 开头：请给这个值加上英文引号",
    ),
    "yaml_escape": (
        "a backslash \\ inside double quotes{where}: use single quotes '…' or write \\\\",
        "{where}双引号里有反斜杠 \\：请改用单引号 '…'，或写成 \\\\",
    ),
    "yaml_undefined_alias": (
        "an alias (*name) refers to no anchor (&name){where}: write the value out in full",
        "{where}引用（*名称）找不到对应的锚点（&名称）：请直接写出完整的值",
    ),
    "yaml_other": (
        "{detail}",
        "请检查这一行和上一行的缩进、冒号和引号（{detail}）",
    ),
    "yaml_too_many_values": (
        "more than {limit:,} values (an alias bomb?)",
        "值的数量超过 {limit:,} 个（是否有大量 * 引用？）：请直接写出各个值",
    ),
    "yaml_too_deep": (
        "nested more than {limit} levels deep: check the indentation and brackets",
        "嵌套超过 {limit} 层：请检查缩进和括号",
    ),
    "yaml_tag": (
        "YAML tag {tag} is not allowed: write the plain value without it",
        "不允许使用 YAML 标签 {tag}：请去掉它，直接写普通的值",
    ),
    "yaml_merge_key": (
        "merge keys (<<) are not supported; write the values out",
        "不支持合并键（<<）：请把各个值逐一写出",
    ),
    "yaml_key_not_text": (
        "a key must be plain text: write key: value",
        "键名必须是普通文字：请写成“键: 值”",
    ),
    "yaml_duplicate_key": (
        "duplicate key {key!r} (first given on line {first}): keep only one",
        "键“{key}”重复了（第 {first} 行已经写过）：只保留一个",
    ),
    # --- record files: JSON, JSON Lines, CSV (records) ----------------------------------------
    "no_records": ("file holds no records", "文件里没有记录"),
    "line_too_long": (
        "line is longer than {limit:,} bytes",
        "这一行超过 {limit:,} 字节：一条记录请不要写得这么长",
    ),
    "invalid_json": ("invalid JSON: {detail}", "JSON 格式错误：{detail}"),
    "json_duplicate_key": ("duplicate key {key!r}", "键“{key}”重复了：只保留一个"),
    "json_fullwidth": (
        "a full-width {char} is used: type JSON punctuation with the input method in English",
        "用了全角符号 {char}：JSON 的标点请在英文输入法下输入",
    ),
    "json_expecting_value": (
        "a value is missing or is not JSON: text needs double quotes, yes/no are true/false",
        "缺少值，或值的写法不对：文字要加英文双引号，是/否写作 true/false",
    ),
    "json_expecting_comma": (
        "a comma , is missing between two entries",
        "两项之间缺少英文逗号 ,",
    ),
    "json_expecting_colon": ("a colon : is missing after a key", "键名后面缺少英文冒号 :"),
    "json_expecting_key": (
        "a key needs double quotes, and no comma may follow the last entry",
        "键名要用英文双引号括起来，最后一项后面不能有逗号",
    ),
    "json_extra_data": (
        "more text follows the first value: several records go in a list [ … ],"
        " or one per line in a .jsonl file",
        "第一个值后面还有内容：多条记录请放在列表 [ … ] 里，或者每行一条存为 .jsonl 文件",
    ),
    "json_unterminated": ("a quote is not closed", "引号没有闭合：请补上另一半英文双引号"),
    "json_control": (
        "a line break or tab inside quoted text: write it as \\n or \\t",
        "引号里有换行或 Tab：请写成 \\n 或 \\t",
    ),
    "json_escape": (
        "a backslash \\ in text must be written \\\\",
        "文字里的反斜杠 \\ 要写成 \\\\",
    ),
    "json_trailing_comma": (
        "remove the comma after the last entry",
        "请删掉最后一项后面的逗号",
    ),
    "json_other": ("{detail}", "请检查这一行的括号、逗号和引号（{detail}）"),
    "json_too_deep": (
        "values are nested more than {limit} levels deep",
        "数据嵌套超过 {limit} 层：记录不需要这么多层括号",
    ),
    "json_constant": (
        "{name} is not a number a record can hold",
        "{name} 不是记录可以使用的数值",
    ),
    "json_lone_surrogate": (
        "a \\u escape names half of a character (a lone surrogate): it is not text",
        "\\u 转义只写了半个字符（单独的代理码位）：这不是有效的文字",
    ),
    "invalid_csv": ("invalid CSV: {detail}", "CSV 格式错误：{detail}"),
    "csv_quote": (
        'a quote " inside a cell: quote the whole cell and double the quote inside ("")',
        '单元格里有引号 "：请给整个单元格加英文双引号，里面的引号写两次（""）',
    ),
    "csv_unclosed_quote": (
        'the quote " opened on line {line} is never closed: add the closing quote where the cell'
        " ends (the lines after it are read as rows of their own)",
        '第 {line} 行的引号 " 没有闭合：请在单元格结尾补上另一半引号（之后的各行已按单独的行读取）',
    ),
    "csv_cell_too_long": (
        "the row starting on line {line} is longer than {limit:,} bytes:"
        ' is a closing quote " missing?',
        '从第 {line} 行开始的这一行超过 {limit:,} 字节：是否少了一个后引号 "？',
    ),
    "csv_nul": (
        "the file holds NUL bytes: is it an Excel workbook? Save it as CSV UTF-8",
        "文件里有空字节：这是不是 Excel 工作簿？请另存为“CSV UTF-8”格式",
    ),
    "csv_other": ("{detail}", "请检查这一行的逗号和引号（{detail}）"),
    "encoding_unknown": (
        "unknown encoding {name!r}: use one such as utf-8, gbk, gb18030 or utf-16",
        "未知的编码“{name}”：请使用 utf-8、gbk、gb18030 或 utf-16 等编码",
    ),
    "encoding_not_text": (
        "{name!r} does not turn a file's bytes into plain text:"
        " use a text encoding such as utf-8, gbk, gb18030 or utf-16",
        "“{name}”不能把文件内容解码为普通文字：请使用 utf-8、gbk、gb18030 或 utf-16 等文字编码",
    ),
    "encoding_at": (" (character {column} of the line)", "（这一行第 {column} 个字符处）"),
    "os_not_a_file": (
        "not a regular file (a pipe, a device or a socket)",
        "这不是普通文件（而是管道、设备或套接字）",
    ),
    "yaml_duplicate_anchor": (
        "the anchor &{name} is defined twice (first on line {first}):"
        " give each anchor its own name",
        "锚点 &{name} 定义了两次（第 {first} 行已经定义过）：每个锚点请用不同的名称",
    ),
    "csv_extra_cells": (
        "{cells} cells but the header has {columns} columns",
        "这一行有 {cells} 个单元格，但表头只有 {columns} 列：含逗号的单元格请加英文双引号",
    ),
    "csv_column_twice": ("column appears twice", "这一列出现了两次：请删掉其中一列"),
    "csv_unknown_item_column": (
        "unknown column: checklist {checklist} has no item for {name!r}",
        "未知的列：检查表 {checklist} 中没有“{name}”这一项",
    ),
    "csv_unknown_column": (
        "unknown column (see `qa-check template` for the layout)",
        "未知的列（表头请参照 `qa-check template` 生成的模板）",
    ),
    "csv_checklist_cell": (
        "{part!r} should be checklist@version, e.g. drop-test@2",
        "“{part}”应写成“检查表@版本”，例如 drop-test@2",
    ),
    "csv_checklist_twice": ("{id} is listed twice", "{id} 列了两次：只保留一个"),
    "template_exists": (
        "already exists; use --force to overwrite",
        "文件已存在；加上 --force 即可覆盖",
    ),
    # --- fields: what a record or checklist field refuses (errors.pydantic_messages) ----------
    "field_required": ("required", "必填项，没有填写"),
    "missing_translation": ("missing {language} translation", "缺少{language}翻译"),
    "language_en": ("English (en)", "英文（en）"),
    "language_zh": ("Chinese (zh)", "中文（zh）"),
    "unknown_field": ("unknown field", "未知字段：请检查拼写，或删掉这一项"),
    "not_valid_here": (
        "{value!r} is not valid here: use {hint}",
        "{value!r} 在这里无效：请使用{hint}",
    ),
    "hint_rule_id": ("a rule id such as DT-3", "规则编号，例如 DT-3"),
    "hint_time_zone": (
        "a time zone name from the tz database, e.g. Asia/Shanghai or America/Los_Angeles",
        "tz 数据库中的时区名称，例如 Asia/Shanghai 或 America/Los_Angeles",
    ),
    "hint_plain_text": (
        "text without line breaks or control characters",
        "不含换行和控制字符的文字",
    ),
    "hint_id": ("lower-case letters, digits, - and _", "小写英文字母、数字、- 和 _"),
    "field_empty": ("empty: write something here", "内容为空：请填写"),
    "text_too_short": (
        "too short: at least {limit} characters",
        "太短：至少要 {limit} 个字符",
    ),
    "text_too_long": (
        "too long: at most {limit} characters, got {got}",
        "太长：最多 {limit} 个字符，实际有 {got} 个",
    ),
    "list_empty": ("empty: give at least one entry", "是空的：至少要填写一项"),
    "list_too_short": (
        "too few entries: at least {limit}, got {got}",
        "项数太少：至少 {limit} 项，实际 {got} 项",
    ),
    "list_too_long": (
        "too many entries: at most {limit}, got {got}",
        "项数太多：最多 {limit} 项，实际 {got} 项",
    ),
    "timezone_missing": (
        "the time needs its timezone: write it like 2026-11-20T10:15:00+08:00"
        " (+08:00 is China time)",
        "时间缺少时区：请写成 2026-11-20T10:15:00+08:00 这样的格式（+08:00 表示北京时间）",
    ),
    "not_a_datetime": (
        "{value!r} is not a date and time: write it like 2026-11-20T10:15:00+08:00"
        " (year-month-day, T, hours:minutes:seconds, timezone)",
        "“{value}”不是有效的日期时间：请写成 2026-11-20T10:15:00+08:00 这样的格式"
        "（年-月-日T时:分:秒+时区）",
    ),
    "no_such_datetime": (
        "{value!r} is not a real date or time (a month, day, hour or minute is out of range):"
        " check it and write it like 2026-11-20T10:15:00+08:00",
        "“{value}”不是真实存在的日期或时间（月、日、时或分超出了范围）："
        "请核对后写成 2026-11-20T10:15:00+08:00 这样的格式",
    ),
    "not_a_date": (
        "{value!r} is not a date: write it like 2026-12-01 (year-month-day)",
        "“{value}”不是有效的日期：请写成 2026-12-01 这样的格式（年-月-日）",
    ),
    "datetime_expected": (
        "expected a date and time like 2026-11-20T10:15:00+08:00, got {kind}",
        "应为日期时间，例如 2026-11-20T10:15:00+08:00，实际为{kind}",
    ),
    "fields_expected": (
        "expected a group of fields (key: value lines indented beneath), got {kind}",
        "应为一组字段（下面缩进的“键: 值”各行），实际为{kind}",
    ),
    "list_expected": (
        "expected a list (one - entry per line), got {kind}",
        "应为列表（每行一个“- 值”），实际为{kind}",
    ),
    "kind_text": ("text", "文字"),
    "kind_number": ("a number", "数字"),
    "kind_yes_no": ("yes/no", "是/否"),
    "kind_list": ("a list", "列表"),
    "kind_fields": ("a group of fields", "一组字段"),
    "kind_nothing": ("nothing", "空值"),
    "not_whole_number": (
        "{value!r} is not a whole number: write digits only, e.g. 3",
        "“{value}”不是整数：只写数字，例如 3",
    ),
    "must_be_yes": ("write yes here", "这里只能填 yes"),
    "at_least": ("must be at least {limit}, got {value}", "不能小于 {limit}，实际为 {value}"),
    "at_most": ("must be at most {limit}, got {value}", "不能大于 {limit}，实际为 {value}"),
    "more_than": ("must be more than {limit}, got {value}", "必须大于 {limit}，实际为 {value}"),
    "less_than": ("must be less than {limit}, got {value}", "必须小于 {limit}，实际为 {value}"),
    "kind_not_allowed": (
        "{field}: {value!r} is not one of: {allowed}",
        "{field}：“{value}”不是可选项：{allowed}",
    ),
    "kind_missing": ("no {field} given: add {field}: …", "缺少 {field}：请补上“{field}: …”"),
    "operand_invalid": (
        "a threshold is a number or one of {{setting: …}}, {{attribute: …}}, {{answer: …}},"
        " {{stack_load: …}}",
        "阈值应为数字，或 {{setting: …}}、{{attribute: …}}、{{answer: …}}、{{stack_load: …}} 之一",
    ),
    "criterion_invalid": (
        "a criterion is one of equals, one_of, at_least / at_most, same_as, same_as_field,"
        " count, recorded",
        "判定条件应为以下之一：equals、one_of、at_least / at_most、same_as、same_as_field、"
        "count、recorded",
    ),
    # --- the text report (validate, certify) ---------------------------------------------------
    "report_required": ("required:", "要求："),
    "report_recorded": ("recorded:", "记录："),
    "report_action": ("action:", "整改："),
    "report_row": (" row {row}", " 第 {row} 行"),
    "report_summary": (
        "{total} records: {passed} passed, {failed} failed, {invalid} invalid",
        "共 {total} 条记录：{passed} 条合格，{failed} 条不合格，{invalid} 条无效",
    ),
    "report_summary_one": (
        "{total} record: {passed} passed, {failed} failed, {invalid} invalid",
        "共 {total} 条记录：{passed} 条合格，{failed} 条不合格，{invalid} 条无效",
    ),
    "report_certificates": (
        "{count} certificates in {folder}/",
        "{count} 份证书已保存到 {folder}/",
    ),
    "report_summary_files": (
        "the batch's summary: {folder}/summary.pdf, summary.csv, summary.json",
        "批次汇总：{folder}/summary.pdf、summary.csv、summary.json",
    ),
    "report_certificates_one": (
        "{count} certificate in {folder}/",
        "{count} 份证书已保存到 {folder}/",
    ),
    # --- requirements as certificates and reports state them ---------------------------------
    "req_one_of": ("{values} or {last}", "{values}或{last}"),
    "req_same_as": ("the {item} ({value})", "与{item}相同（{value}）"),
    "req_same_as_field": ("same as the {field} ({value})", "与{field}相同（{value}）"),
    "req_at": ("{n} at {label}", "{label} {n} 次"),
    "req_in_all": ("{n} in all", "共 {n} 次"),
    "recorded": ("for information only", "记录备查"),
    "req_at_least": ("at least {limit}", "至少 {limit}"),
    "req_at_most": ("at most {limit}", "不超过 {limit}"),
    "req_how": ("{requirement} ({how})", "{requirement}（{how}）"),
    "req_counts": ("{value}: {counts}", "{value}：{counts}"),
    "stack_load_how": (
        "{weight} gross weight x {above} packages stacked above x safety factor {factor};"
        " a {stack} stack of {package} packages",
        "毛重 {weight} × 上方堆码 {above} 件 × 安全系数 {factor}；堆高 {stack}，每件高 {package}",
    ),
    "stack_load_how_one": (
        "{weight} gross weight x {above} package stacked above x safety factor {factor};"
        " a {stack} stack of {package} packages",
        "毛重 {weight} × 上方堆码 {above} 件 × 安全系数 {factor}；堆高 {stack}，每件高 {package}",
    ),
    # --- why an item does not apply, as a certificate's n/a row says it ----------------------
    "why_is": ("{subject} is {value}", "{subject}为{value}"),
    "why_yes_no": ("{subject}: {value}", "{subject}：{value}"),
    "why_below": ("{subject} {value} is below {limit}", "{subject} {value}，低于 {limit}"),
    "why_at_least": ("{subject} {value} is at least {limit}", "{subject} {value}，不低于 {limit}"),
    "why_electrical": ("an electrical product", "电子电器产品"),
    "why_not_electrical": ("not an electrical product", "非电子电器产品"),
    "attribute_gross_weight_kg": ("gross weight", "毛重"),
    "attribute_length_cm": ("package length", "包装长度"),
    "attribute_width_cm": ("package width", "包装宽度"),
    "attribute_height_cm": ("package height", "包装高度"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "list_separator": (", ", "、"),
    "field_sku": ("SKU", "SKU"),
    "field_product_name": ("product name", "产品名称"),
    # --- certificates -------------------------------------------------------------------------
    "cert_title": (
        "Packaging & QA certificate",
        "包装与质检证书",
    ),
    "cert_sku": (
        "SKU",
        "SKU",
    ),
    "cert_product": (
        "Product",
        "产品",
    ),
    "cert_applicant": (
        "Applicant",
        "申请人",
    ),
    "cert_brand": (
        "Brand",
        "品牌",
    ),
    "cert_model": (
        "Model",
        "型号",
    ),
    "cert_attributes": (
        "Attributes",
        "产品属性",
    ),
    "cert_electrical": (
        "electrical",
        "带电产品",
    ),
    "cert_not_electrical": (
        "not electrical",
        "非带电产品",
    ),
    "cert_gross": (
        "gross weight",
        "毛重",
    ),
    "cert_package": (
        "package",
        "包装尺寸",
    ),
    "cert_inspector": (
        "Inspector",
        "检验员",
    ),
    "cert_site": (
        "Site",
        "检验地点",
    ),
    "cert_inspected": (
        "Inspected",
        "检验时间",
    ),
    "cert_certificate": (
        "Certificate",
        "证书编号",
    ),
    "cert_issued": (
        "Issued",
        "签发时间",
    ),
    "cert_digest": (
        "Record digest",
        "记录摘要",
    ),
    "cert_failed": (
        "Requirements not met, with the corrective action",
        "不符合项及整改措施",
    ),
    "cert_rule": (
        "Rule",
        "规则",
    ),
    "cert_item": (
        "Item",
        "检查项",
    ),
    "cert_requirement": (
        "Requirement",
        "要求",
    ),
    "cert_recorded": (
        "Recorded",
        "记录值",
    ),
    "cert_result": (
        "Result",
        "结果",
    ),
    "cert_action": (
        "Corrective action",
        "整改措施",
    ),
    "cert_position": (
        "Position",
        "位置",
    ),
    "cert_photos": (
        "Photos",
        "照片",
    ),
    "cert_pass": (
        "pass",
        "合格",
    ),
    "cert_fail": (
        "fail",
        "不合格",
    ),
    "cert_n/a": (
        "n/a",
        "不适用",
    ),
    "cert_PASS": (
        "PASS",
        "PASS 合格",
    ),
    "cert_FAIL": (
        "FAIL",
        "FAIL 不合格",
    ),
    "cert_expired": (
        "expired: valid until {date}, checked at {at} (--at TIME checks it at another time)",
        "已过期：有效期至 {date}，核验时间 {at}（可用 --at TIME 按其他时间核验）",
    ),
    "cert_valid_until": (
        "Valid until {date} ({months} months after the inspection), unless void earlier:",
        "有效期至 {date}（检验后 {months} 个月），如有下列情况则提前失效：",
    ),
    "cert_void": (
        "Void as soon as the product, its packaging materials, dimensions or weight change"
        " (DT-5): re-test and issue a new certificate.",
        "产品、包装材料、尺寸或重量一经变更，本证书即失效（DT-5），须重新测试并重新签发。",
    ),
    "cert_verify": (
        "Check it with: qa-check verify <this file>. The QR code holds the certificate id and"
        " the SHA-256 digest of the record embedded in this PDF.",
        "核验方法：qa-check verify <本文件>。二维码包含证书编号及本PDF内嵌记录的SHA-256摘要。",
    ),
    "cert_issued_by": ("Issued by: {issuer}", "签发机构：{issuer}"),
    "cert_signed_by": ("Digitally signed by {name} · key {key}", "由 {name} 数字签名 · 密钥 {key}"),
    "cert_verify_signed": (
        "Check it with: qa-check verify <this file>. The QR code holds the certificate id, the"
        " SHA-256 digest of the record embedded in this PDF and the signing key's first digits.",
        "核验方法：qa-check verify <本文件>。二维码包含证书编号、本PDF内嵌记录的SHA-256摘要"
        "及签名密钥指纹的前几位。",
    ),
    "cert_verify_online": (
        "Check it at the address below, which the QR code holds, or with: qa-check verify"
        " <this file>.",
        "核验方法：访问下方网址（即二维码内容），或运行 qa-check verify <本文件>。",
    ),
    "cert_hint_verify_url": (
        "an http:// or https:// address with a host name, without spaces, query or fragment,"
        " e.g. https://qa.example.com/verify",
        "以 http:// 或 https:// 开头、带主机名、不含空格、查询参数或片段的网址，"
        "例如 https://qa.example.com/verify",
    ),
    "cert_hint_fingerprint": (
        "the 64 upper-case hex digits of a SHA-256 fingerprint",
        "64 位大写十六进制的 SHA-256 指纹",
    ),
    "cert_not_configured": ("not configured", "未配置"),
    "cert_issuer": ("Issued by", "签发机构"),
    "cert_page": ("Page {n} of {m}", "第 {n} 页，共 {m} 页"),
    "cert_meets": (
        "The sample meets all {n} applicable requirements.",
        "样品符合全部 {n} 项适用要求。",
    ),
    "cert_fails": (
        "The sample fails {failed} of {n} applicable requirements; see the first table.",
        "样品有 {failed} 项不符合（共 {n} 项适用要求），见第一个表格。",
    ),
    "cert_checklist_version": ("{title}, version {version}", "{title}（第 {version} 版）"),
    "cert_tested": ("Tested against", "检验依据"),
    "cert_brand_model": ("Brand / model", "品牌 / 型号"),
    "cert_entry": ("{name} {n}", "{name} 第 {n} 次"),
    "cert_photo": ("Photo {}", "照片 {}"),
    "cert_confirmed": ("✓ Answered yes, as required: pass", "✓ 回答为“是”，符合要求：合格"),
    "cert_not_applicable": ("Not applicable:", "不适用："),
    "cert_not_applicable_because": ("Not applicable ({reason}):", "不适用（{reason}）："),
    "cert_sign_inspector": (
        "Inspector: signature or stamp",
        "检验员：签名或盖章",
    ),
    "cert_sign_approver": (
        "Approved by: signature or stamp",
        "批准人：签名或盖章",
    ),
    # register
    "register_missing": (
        "no register here; certify writes one ({name}) into --out",
        "此处没有登记册；certify 会在 --out 目录中写入登记册（{name}）",
    ),
    "register_not_a_file": (
        "not a register file (a folder or device); give the register's file, {name}",
        "不是登记册文件（是文件夹或设备）；请指定登记册文件 {name}",
    ),
    "register_not_sqlite": (
        "not a register: the file is no SQLite database (or is encrypted or damaged)",
        "不是登记册：该文件不是 SQLite 数据库（或已加密、已损坏）",
    ),
    "register_foreign": (
        "an SQLite file, but not a qa-check register",
        "是 SQLite 文件，但不是 qa-check 登记册",
    ),
    "register_newer": (
        "written by a newer qa-check (register format {found}; this one reads {known}):"
        " upgrade qa-check",
        "由更新版本的 qa-check 写入（登记册格式 {found}，当前版本只能读取 {known}）："
        "请升级 qa-check",
    ),
    "register_corrupt": (
        "the register is damaged ({reason}); keep a copy and restore it from a backup",
        "登记册已损坏（{reason}）；请保留副本并从备份恢复",
    ),
    "register_locked": (
        "another qa-check kept the register busy for {seconds} s; try again when it has finished",
        "另一个 qa-check 占用登记册已达 {seconds} 秒；请待其完成后重试",
    ),
    "register_cannot_open": (
        "cannot open the register ({reason})",
        "无法打开登记册（{reason}）",
    ),
    "register_unfinished": (
        "certificates of this run that are not in the register: {count}; the files are written,"
        " and the same certify command, run again, adds them",
        "本次运行中未登记的证书：{count} 份；文件已写出，再次运行同一 certify 命令即可登记",
    ),
    "register_schema": (
        "not a register as qa-check writes it (format {version}): {found}; refused before"
        " anything in it was read or run",
        "不是 qa-check 写出的登记册（格式 {version}）：{found}；已在读取或执行其中任何内容之前拒绝",
    ),
    "register_schema_extra": (
        "it holds {what}, which qa-check never defines",
        "其中含有 qa-check 从不定义的 {what}",
    ),
    "register_schema_changed": (
        "{what} differs from qa-check's or is missing",
        "{what} 与 qa-check 的定义不同或缺失",
    ),
    "register_too_slow": (
        "the register took longer than {seconds} s to answer and was stopped: keep a copy"
        " and restore it from a backup",
        "登记册超过 {seconds} 秒仍未给出结果，已停止：请保留副本并从备份恢复",
    ),
    "register_replaced": (
        "the file was replaced while it was being opened",
        "文件在打开过程中被替换",
    ),
    "register_failed": (
        "cannot use the register ({reason})",
        "无法使用登记册（{reason}）",
    ),
    "register_unknown_id": (
        "no certificate {id} in this register",
        "此登记册中没有证书 {id}",
    ),
    "register_bad_why": (
        "the reason must be one line of 1 to {limit} printable characters",
        "撤销原因须为一行、1 至 {limit} 个可打印字符",
    ),
    "register_word_revoked": ("revoked", "已撤销"),
    "register_word_superseded": ("superseded by", "已被取代："),
    "register_word_changed": ("checklist changed:", "检查表已变更："),
    "register_unsigned": ("unsigned", "未签名"),
    "register_label_sku": ("SKU", "SKU"),
    "register_label_product": ("Product", "产品"),
    "register_label_verdict": ("Verdict", "结论"),
    "register_label_inspected": ("Inspected", "检验时间"),
    "register_label_issued": ("Issued", "签发时间"),
    "register_label_checklists": ("Checklists", "检查表"),
    "register_label_signer": ("Signer", "签名者"),
    "register_label_file": ("File", "文件"),
    "register_revoked_now": (
        "{id} revoked, in every language it was issued in ({files}): {why}",
        "{id} 已撤销，其各语言版本均已撤销（{files} 个）：{why}",
    ),
    "register_revoked_before": (
        "{id} was revoked already on {at} ({why}); that first revocation is kept",
        "{id} 已于 {at} 撤销（{why}）；保留首次撤销记录",
    ),
    "register_listed": (
        "{count} certificate files: {issued} issued, {stale} stale, {revoked} revoked",
        "共 {count} 个证书文件：有效 {issued} 个，已失效 {stale} 个，已撤销 {revoked} 个",
    ),
    # --- typer's usage errors, in its own English words (matched against them) --------------
    "usage_try": ("Try '{command}' for help.", "运行 '{command}' 查看帮助。"),
    "usage_error": ("Error: {message}", "错误：{message}"),
    "usage_no_such_option_hinted": (
        "No such option: {name} (Possible options: {options})",
        "没有此选项：{name}（可能是：{options}）",
    ),
    "usage_no_such_option": ("No such option: {name}", "没有此选项：{name}"),
    "usage_no_such_command_hinted": (
        "No such command {name}. Did you mean {options}?",
        "没有此命令：{name}。是否要用 {options}？",
    ),
    "usage_no_such_command": ("No such command {name}.", "没有此命令：{name}。"),
    "usage_missing_argument": ("Missing argument {name}.", "缺少参数 {name}。"),
    "usage_missing_option": ("Missing option {name}.", "缺少选项 {name}。"),
    "usage_not_a_choice": (
        "Invalid value for {name}: Value error, {value} is not one of {choices}.",
        "{name} 的值无效：{value} 不在可选值 {choices} 之中。",
    ),
    "usage_invalid_value": ("Invalid value for {name}: {reason}", "{name} 的值无效：{reason}"),
    "usage_needs_a_value": ("Option {name} requires an argument.", "选项 {name} 需要一个值。"),
    "usage_extra_arguments": (
        "Got unexpected extra argument(s) ({values})",
        "多余的参数：{values}",
    ),
    # --- lots: AQL sampling plans and lots ---------------------------------------------------
    "lot_too_small": (
        "a lot has at least 2 units: --size {size} is fewer",
        "一批至少有 2 件：--size {size} 不足",
    ),
    "lot_aql_syntax": (
        "{part!r} is not CLASS=AQL: write e.g. major=2.5,minor=4.0 (classes: {classes})",
        "{part!r} 不是 类别=AQL 的形式：例如 major=2.5,minor=4.0（类别：{classes}）",
    ),
    "lot_aql_unknown": (
        "{name}={value}: the sampling tables have no such AQL; use 0 or one of {aqls}",
        "{name}={value}：抽样表中没有这个 AQL；请用 0 或以下之一：{aqls}",
    ),
    "lot_plan_head": (
        "Lot of {size:,} units, inspection level {level}, {severity} inspection:"
        " code letter {letter}, sample {sample:,} units.",
        "批量 {size:,} 件，检验水平 {level}，{severity}检验："
        "样本量字码 {letter}，样本 {sample:,} 件。",
    ),
    "lot_plan_columns": (
        "class     AQL    letter  sample  accept (Ac)  reject (Re)",
        "缺陷类别  AQL    字码    样本量  接收数 Ac    拒收数 Re",
    ),
    "lot_plan_draw": (
        "Draw {units:,} units at random; a class with a smaller sample is judged on the first"
        " units drawn. A class accepts with Ac defects or fewer and rejects the lot with Re"
        " or more.",
        "随机抽取 {units:,} 件；样本量较小的类别按最先抽取的那些件判定。"
        "某类缺陷数不超过 Ac 即接收，达到 Re 或以上即拒收该批。",
    ),
    "lot_plan_whole": (
        "The lot is no larger than the sample: inspect every unit.",
        "批量不大于样本量：逐件全数检验。",
    ),
    "lot_plan_source": ("Tables: {sources}.", "依据：{sources}。"),
    "lot_normal": ("normal", "正常"),
    "lot_tightened": ("tightened", "加严"),
    "lot_critical": ("critical", "致命"),
    "lot_major": ("major", "严重"),
    "lot_minor": ("minor", "轻微"),
    "lot_sheet_unit": ("unit", "样品"),
    "lot_sheet_notes": ("notes", "备注"),
    "lot_sheet_written": ("wrote {path}", "已写入 {path}"),
    "lot_units_and_paper": (
        "give the units' answers (units) or a count of units inspected on paper (inspected),"
        " not both",
        "请给出各样品的答案（units）或纸面检验的件数（inspected），二者只能选一",
    ),
    "lot_sample_size": (
        "the plan (code letter {letter}) draws {units} units: the record has {count}",
        "抽样方案（字码 {letter}）应抽取 {units} 件：记录中有 {count} 件",
    ),
    "lot_defect_unknown": (
        "no item {item} in {key}, or the lot is not inspected against it (checklists)",
        "{key} 中没有检查项 {item}，或该批未按它检验（checklists）",
    ),
    "lot_defect_units": (
        "{count} defects name more units than that, or a unit beyond the {inspected} inspected",
        "{count} 个缺陷所列样品多于此数，或样品编号超出已检验的 {inspected} 件",
    ),
    "lot_checklist_role": (
        "{key} is {role} in a lot (its sampling): list it under {place}",
        "{key} 在批次中为{role}（其 sampling）：请列在 {place} 之下",
    ),
    "lot_role_unit": ("asked of every sampled unit", "每个样品都要检验的项目"),
    "lot_role_destructive": ("a destructive test", "破坏性试验"),
    "switch_normal": (
        "normal inspection: fewer than {rejected} of the last {window} lots were rejected",
        "正常检验：最近 {window} 批中被拒收的少于 {rejected} 批",
    ),
    "switch_tightened": (
        "tightened inspection: {accepted} lots accepted in a row since, {needed} bring back normal",
        "加严检验：此后已连续接收 {accepted} 批，连续接收 {needed} 批后恢复正常检验",
    ),
    "switch_discontinue": (
        "inspection discontinued: {rejected} lots rejected under tightened inspection; resume"
        " (tightened) once the supplier has improved the product",
        "停止检验：加严检验下已拒收 {rejected} 批；供方改进后再恢复（加严）检验",
    ),
    "lot_sku_and_history": (
        "the switching rules need both --sku and --history (the SKU's earlier lot records)",
        "转移规则需要同时给出 --sku 和 --history（该 SKU 以往的批次记录）",
    ),
    "lot_severity_from_history": (
        "with --history the switching rules decide the severity: leave --severity out",
        "给出 --history 时由转移规则决定检验严格度：请不要再给 --severity",
    ),
    "lot_history": ("{sku}, {count} earlier lots: {reason}", "{sku}，此前 {count} 批：{reason}"),
    "lot_accept": ("ACCEPT", "接收"),
    "lot_reject": ("REJECT", "拒收"),
    "lot_line": (
        "lot {lot}: {size:,} units, level {level}, {severity}, code letter {letter}",
        "批次 {lot}：{size:,} 件，检验水平 {level}，{severity}检验，字码 {letter}",
    ),
    "lot_class_line": (
        "{name} (AQL {aql}): {found} defects in {sample} units, Ac {accept} Re {reject}:"
        " {decision}",
        "{name}（AQL {aql}）：{sample} 件中 {found} 个缺陷，Ac {accept} Re {reject}：{decision}",
    ),
    "lot_defect_line": (
        "unit {unit}: {checklist} {item} ({rule})",
        "样品 {unit}：{checklist} {item}（{rule}）",
    ),
    "lot_paper_line": (
        "{count} x {checklist} {item} ({rule}), units not noted",
        "{count} 个 {checklist} {item}（{rule}），未注明样品",
    ),
    "lot_tests_line": (
        "destructive tests on {units} units: {verdict}",
        "破坏性试验（{units} 件）：{verdict}",
    ),
    # --- summary: summary.pdf for a manager, merging shards ----------------------------------
    "summary_bad_lang": (
        "unknown language '{lang}': a summary's words are en or zh",
        "未知语言“{lang}”：汇总的文字只能是 en 或 zh",
    ),
    "summary_counted_twice": (
        "{count} record(s) also in {first}, the first SKU {sku} read from {source}: a record"
        " is counted once; give each shard's summary once",
        "有 {count} 条记录已在 {first} 中，第一条是从 {source} 读取的 SKU {sku}：同一记录只计一次，"
        "每个分片的汇总只能给一次",
    ),
    "summary_other_lang": (
        "its words are in '{found}', not '{asked}': summarize with --lang {found}, or certify"
        " that shard again with --lang {asked}",
        "其中的文字是“{found}”而不是“{asked}”：请用 --lang {found} 合并，或用 --lang {asked}"
        " 重新认证该分片",
    ),
    "summary_issued_by": ("Issued by", "签发机构"),
    "summary_sites": ("Sites", "检验地点"),
    "summary_period": ("Inspections", "检验日期"),
    "summary_period_range": ("{first} to {last}", "{first} 至 {last}"),
    "summary_unknown": ("unknown", "未知"),
    "summary_rule": ("Rule", "规则"),
    "summary_passing": ("Passing SKUs", "合格 SKU"),
    "summary_inspected": ("Inspected", "检验日期"),
    "summary_certificate": ("Certificate", "证书"),
    "summary_none": ("none", "无"),
    # --- typeset: a FAIL certificate's terms, Chinese punctuation on the page ---------------
    "typeset_fail_not_listable": (
        "Not for listing: this report records a failure, and the product may not be listed on"
        " the strength of it.",
        "不可用于上架：本报告记录的是不合格结果，该产品不得凭本报告上架销售。",
    ),
    "typeset_fail_retest": (
        "This report has no validity date. Carry out the corrective actions above, re-test and"
        " issue a new certificate.",
        "本报告不设有效期。请按上述整改措施整改后重新测试，并重新签发证书。",
    ),
    "typeset_clause_separator": ("; ", "；"),
    "typeset_label_separator": (": ", "："),
    # --- units: units typed in, plausible ranges, a terminal that cannot take UTF-8 ----------
    "unit_typed_converted": (
        "{value!r} has a unit typed in: write {number} (unit: {unit})",
        "“{value}”带了单位：请写 {number}（单位：{unit}）",
    ),
    "unit_unknown": (
        "{value!r} has a unit typed in that qa-check does not convert ({typed}):"
        " write the number in {unit}",
        "“{value}”带了无法换算的单位（{typed}）：请写以 {unit} 为单位的数字",
    ),
    "unit_incompatible": (
        "{value!r} is in {typed}, which does not convert to {unit}: write the number in {unit}",
        "“{value}”的单位是 {typed}，无法换算成 {unit}：请写以 {unit} 为单位的数字",
    ),
    "unit_implausible": (
        "{number} {unit} is unusual for {what} (usually {low} to {high} {unit}):"
        " check the number and its unit",
        "{what}为 {number} {unit}，不常见（通常为 {low} 至 {high} {unit}）：请核对数字和单位",
    ),
    "unit_this_item": ("this item", "此项"),
    "unit_converted": ("{typed} is {number} {unit}.", "{typed} 即 {number} {unit}。"),
    "unit_record_it": ("Record {number} {unit}?", "记录为 {number} {unit}？"),
    "unit_yes_record": ("Yes, record it", "是，记录"),
    "unit_no_again": ("No, type it again", "否，重新输入"),
    "unit_confirm_help": (
        "1 records the number shown; 2 asks the question again.",
        "输入 1 记录所示数字；输入 2 重新回答此题。",
    ),
    "unit_warning": ("warning: ", "提醒："),
    "unit_terminal_not_utf8": (
        "This terminal is not set for UTF-8 ({setting}): Chinese typed here can be stored"
        " wrong. Stop with q, run  export LANG=C.UTF-8  and start again.",
        "此终端未设置为 UTF-8（{setting}）：在这里输入的中文可能被存错。"
        "请按 q 暂停，运行  export LANG=C.UTF-8  后重新开始。",
    ),
    "unit_input_not_utf8": (
        "What was typed is not UTF-8 text (the terminal sent bytes that cannot be read):"
        " nothing was stored. Type it again, or fix the terminal: export LANG=C.UTF-8",
        "输入的内容不是 UTF-8 文字（终端发送了无法识别的字节）：未保存任何内容。"
        "请重新输入，或修正终端设置：export LANG=C.UTF-8",
    ),
    # --- sheets: workbooks in, CSV encodings found, the xlsx template ---
    "sheets_col_sku": ("SKU", "SKU编码"),
    "sheets_col_product_name": ("Product name", "产品名称"),
    "sheets_col_applicant": ("Applicant", "申请人"),
    "sheets_col_brand": ("Brand", "品牌"),
    "sheets_col_model": ("Model", "型号"),
    "sheets_col_electrical": ("Electrical product", "电子电器产品"),
    "sheets_col_gross_weight_kg": ("Gross weight, packed", "包装后毛重"),
    "sheets_col_length_cm": ("Package length", "包装长度"),
    "sheets_col_width_cm": ("Package width", "包装宽度"),
    "sheets_col_height_cm": ("Package height", "包装高度"),
    "sheets_col_inspector": ("Inspector", "检验员"),
    "sheets_col_site": ("Site", "检验地点"),
    "sheets_col_inspected_at": ("Inspected at", "检验时间"),
    "sheets_col_checklists": ("Checklists", "检验清单"),
    "sheets_col_photos": ("Photos", "照片"),
    "sheets_hidden": (
        "sheet {sheet} is hidden; its records were read",
        "工作表 {sheet} 是隐藏的；其中的记录也已读取",
    ),
    "sheets_no_zone": (
        "its times have no zone and are INVALID: name the site's zone in qa-check.toml"
        ' ([site] timezone = "Asia/Shanghai") to read them in it',
        "其中的时间没有时区，因此无效：请在 qa-check.toml 中写明站点时区"
        '（[site] timezone = "Asia/Shanghai"），时间即按该时区读取',
    ),
    "sheets_no_header": (
        "no sheet has the record header: a row with an sku column"
        " (see `qa-check template --format xlsx`)",
        "没有任何工作表带有记录表头（含 sku 列的一行；请参照 `qa-check template --format xlsx`）",
    ),
    "sheets_unreadable": ("cannot read the workbook: {reason}", "无法读取该工作簿：{reason}"),
    "sheets_gb18030": (
        "not UTF-8: read as GB18030, the Chinese encoding Excel and WPS save CSV in"
        " (--encoding names another)",
        "不是 UTF-8 编码：已按 GB18030（中文 Excel 和 WPS 保存 CSV 时用的编码）读取"
        "（可用 --encoding 指定其他编码）",
    ),
    "sheets_not_text": (
        "neither UTF-8 nor Chinese text in GB18030, from row {row} on: save it from Excel as"
        " CSV UTF-8, or name its encoding with --encoding",
        "从第 {row} 行起既不是 UTF-8 也不是 GB18030 中文文本：请在 Excel 中另存为"
        " CSV UTF-8，或用 --encoding 指定其编码",
    ),
    "sheets_records": ("Records", "检验记录"),
    "sheets_instructions": ("Instructions", "填写说明"),
    "sheets_howto": (
        "One row per SKU, from row 3 on; the checklists cell of row 3 is filled in: copy"
        " it down with the row.",
        "每个 SKU 填一行，从第 3 行起；第 3 行的检验清单单元格已填好，请随整行向下复制。",
    ),
    "sheets_howto_lists": (
        "Pick choices and yes/no from the cell's list; numbers in the unit of their heading.",
        "选项和是/否请从单元格的下拉列表中选择；数字请按表头所示单位填写。",
    ),
    "sheets_howto_time": (
        "Inspected at: a date and time (2026-11-20 10:15), read in the site's time zone"
        " ([site] timezone in qa-check.toml); or text with its zone, 2026-11-20T10:15:00+08:00.",
        "检验时间：日期和时间（2026-11-20 10:15），按站点时区读取（qa-check.toml 中的"
        " [site] timezone）；或写成带时区的文本 2026-11-20T10:15:00+08:00。",
    ),
    "sheets_howto_ids": (
        "Row 2 is hidden and names each column for qa-check: keep it, and keep the columns"
        " in their order.",
        "第 2 行是隐藏的，为 qa-check 标明每一列：请保留该行，也不要调换列的顺序。",
    ),
    "sheets_howto_check": (
        "Then: qa-check validate FILE.xlsx (each problem named by sheet and cell, e.g."
        " Records!C12).",
        "填好后运行：qa-check validate 文件.xlsx"
        "（每个问题都标明工作表和单元格，例如 检验记录!C12）。",
    ),
    "sheets_pick": ("Pick one from the list.", "请从列表中选择一项。"),
    "sheets_number": ("A number in {unit}.", "请填写数字，单位 {unit}。"),
    "sheets_number_between": (
        "A number in {unit}, from {low} to {high}.",
        "请填写 {low} 至 {high} 之间的数字，单位 {unit}。",
    ),
    "sheets_number_usual": (
        "A number in {unit}, usually from {low} to {high}: Excel asks before it keeps another.",
        "请填写数字，单位 {unit}，通常在 {low} 至 {high} 之间：超出时 Excel 会先询问再保留。",
    ),
    "sheets_not_allowed": ("Not allowed here", "此处不允许"),
    # --- evidence: photo steps in the guided run, signing before the first question, config init
    "evidence_section": ("Photo", "照片"),
    "evidence_position": ("photo for {item}", "{item}的照片"),
    "evidence_ask": ("Photo: {what}", "拍照：{what}"),
    "evidence_how": (
        "Type or drag in the photo's file and press Enter  ·  s skip (say why)",
        "输入或拖入照片文件后按回车  ·  s 跳过（需说明原因）",
    ),
    "evidence_how_folder": (
        "Take it with the phone, then press Enter: the photos new in {folder} are taken.\n"
        "Or type or drag in its file  ·  s skip (say why)",
        "用手机拍照后按回车：取用 {folder} 中新出现的照片。\n"
        "也可输入或拖入文件  ·  s 跳过（需说明原因）",
    ),
    "evidence_help": (
        "The photo goes into the record and onto the certificate. Type the file's path, or drag"
        " the file into this window, then press Enter; several files may be given at once."
        " JPEG, PNG and iPhone HEIC photos are taken (HEIC becomes JPEG). Without a photo,"
        " type s and say why: the record keeps the reason.",
        "照片会存入记录并印在证书上。输入文件路径，或把文件拖进此窗口，然后按回车；可一次给出多个文件。"
        "支持 JPEG、PNG 和 iPhone 的 HEIC 照片（HEIC 会转换为 JPEG）。没有照片时输入 s"
        " 并说明原因：记录会保存该原因。",
    ),
    "evidence_help_folder": (
        "The photo goes into the record and onto the certificate. Take it with the phone that"
        " syncs into {folder}, wait for it to arrive, then press Enter: every photo new in that"
        " folder since this question was shown is taken. A file's path typed or dragged in"
        " works too. JPEG, PNG and iPhone HEIC photos are taken (HEIC becomes JPEG). Without a"
        " photo, type s and say why: the record keeps the reason.",
        "照片会存入记录并印在证书上。用同步到 {folder} 的手机拍照，等照片同步过来后按回车："
        "自本题显示以来该文件夹中新出现的照片都会被取用。也可以输入或拖入文件路径。"
        "支持 JPEG、PNG 和 iPhone 的 HEIC 照片（HEIC 会转换为 JPEG）。"
        "没有照片时输入 s 并说明原因：记录会保存该原因。",
    ),
    "evidence_path_unread": (
        "{typed}: a quote in this path is not closed: type or drag in the file again",
        "{typed}：路径中的引号没有闭合：请重新输入或拖入文件",
    ),
    "evidence_no_folder": (
        "no photo folder was given (run --photos DIR): type or drag in the photo's file, or s"
        " to skip",
        "没有指定照片文件夹（run --photos 文件夹）：请输入或拖入照片文件，或输入 s 跳过",
    ),
    "evidence_none_new": (
        "no new photo in {folder} yet: wait until the phone has synced it, then press Enter"
        " again",
        "{folder} 中还没有新照片：请等手机同步完成后再按回车",
    ),
    "evidence_skip_instead": (
        ": skip this photo with s and say why",
        "：请输入 s 跳过此照片并说明原因",
    ),
    "evidence_photo_too_big": (
        "{path}: larger than {mb} MB, too large for a photo",
        "{path}：超过 {mb} MB，作为照片过大",
    ),
    "evidence_saved": ("Photo saved: {path}", "照片已保存：{path}"),
    "evidence_caption": ("{item}: {what}", "{item}：{what}"),
    "evidence_why": (
        "Why is there no photo? (the record keeps the reason)",
        "为什么没有照片？（记录会保存原因）",
    ),
    "evidence_why_help": (
        "A photo step is skipped only with a reason, in a few words (camera broken, product"
        " already returned). b goes back to the photo; q stops, the photo still owed.",
        "跳过拍照必须说明原因，几个字即可（相机损坏、产品已退回）。"
        "b 返回拍照；q 暂停，之后仍需补拍。",
    ),
    "evidence_not_a_folder": (
        "--photos names no folder: give the folder the phone syncs its photos into",
        "--photos 指定的不是文件夹：请给出手机同步照片的文件夹",
    ),
    "evidence_passphrase_again": (
        "wrong passphrase: type it again ({n} more tries; nothing was asked yet)",
        "口令不正确：请重新输入（还可尝试 {n} 次；尚未开始提问）",
    ),
    "evidence_certify_later": (
        "The record is saved. Issue its certificate later with: {command}",
        "记录已保存。之后可用以下命令签发证书：{command}",
    ),
    "evidence_no_issuer": (
        "no issuer is configured (qa-check.toml): the certificates say \"Issued by: not"
        " configured\". Set the site up once with: {command}",
        "未配置签发机构（qa-check.toml）：证书上会显示“签发机构：未配置”。请运行一次：{command}",
    ),
    "evidence_config_no_terminal": (
        "config init asks its questions at a terminal: run it in one (or write the file by hand,"
        " see docs/operators.md)",
        "config init 需要在终端中回答问题：请在终端中运行（或按 docs/operators.md 手动编写该文件）",
    ),
    "evidence_config_exists": (
        "{path} is already there. Change it? (its other settings are kept)",
        "{path} 已存在。要修改吗？（其中的其他设置会保留）",
    ),
    "evidence_config_change": ("Change it", "修改"),
    "evidence_config_leave": ("Leave it as it is", "保持原样"),
    "evidence_config_left": ("{path} is left as it was.", "{path} 保持原样，未作修改。"),
    "evidence_config_not_written": ("Stopped: nothing was written.", "已停止：未写入任何内容。"),
    "evidence_config_written": (
        "Written: {path}. certify and run --certify read it from this folder (--config FILE"
        " elsewhere).",
        "已写入：{path}。certify 和 run --certify 会从此文件夹读取它"
        "（在其他位置时用 --config 文件）。",
    ),
    "evidence_config_section": ("Site configuration", "站点配置"),
    "evidence_config_keys": (
        "? help  ·  b back  ·  q stop (nothing is written)",
        "? 帮助  ·  b 返回上一题  ·  q 停止（不写入任何内容）",
    ),
    "evidence_config_name_needed": (
        "the issuer's name is needed: type it (q stops, nothing written)",
        "必须填写签发机构名称：请输入（q 停止，不写入任何内容）",
    ),
    "evidence_config_ask_name": (
        "Issuer: the lab or warehouse that issues the certificates",
        "签发机构：签发证书的实验室或仓库",
    ),
    "evidence_config_ask_address": (
        "The issuer's address (Enter: none)",
        "签发机构地址（直接回车：不填）",
    ),
    "evidence_config_ask_accreditation": (
        "Accreditation or registration number (Enter: none)",
        "资质认可或注册编号（直接回车：不填）",
    ),
    "evidence_config_ask_approver": (
        "Approver: who approves the certificates, name and role (Enter: none)",
        "批准人：批准证书的人员姓名和职务（直接回车：不填）",
    ),
    "evidence_config_help_name": (
        "Printed at the top of every certificate, one line, at most 200 characters. A"
        " bilingual name works: 深圳示例实验室 Shenzhen Example Lab.",
        "印在每份证书的顶部，一行，最多 200 个字符。"
        "可以中英文并列：深圳示例实验室 Shenzhen Example Lab。",
    ),
    "evidence_config_help_address": (
        "Printed under the issuer's name; one line, at most 300 characters.",
        "印在签发机构名称下方；一行，最多 300 个字符。",
    ),
    "evidence_config_help_accreditation": (
        "An accreditation or registration the certificate names (CNAS L1234); one line.",
        "证书上注明的资质认可或注册信息（如 CNAS L1234）；一行。",
    ),
    "evidence_config_help_approver": (
        "The certificate gives them a line to sign or stamp, beside the inspector's.",
        "证书上会在检验员旁边为其留出签名或盖章的位置。",
    ),
    "evidence_why_needed": (
        "a photo is skipped only with a reason: type why",
        "跳过拍照必须说明原因：请输入原因",
    ),
    # --- resume: drafts listed and discarded, the end of a FAIL, re-tests -------------------
    "resume_no_drafts": ("No saved runs in {folder}.", "{folder} 中没有已保存的检验。"),
    "resume_drafts_sku": ("SKU", "SKU"),
    "resume_drafts_started": ("Started", "开始时间"),
    "resume_drafts_answered": ("Answered", "已答"),
    "resume_drafts_language": ("Language", "语言"),
    "resume_drafts_count": (
        "{n} saved runs in {folder}: qa-check run --resume SKU continues one,"
        " --discard SKU removes one.",
        "{folder} 中有 {n} 份已保存的检验：qa-check run --resume SKU 继续，--discard SKU 删除。",
    ),
    "resume_draft_damaged": (
        "damaged, not listed: {problem}",
        "已损坏，未列出：{problem}",
    ),
    "resume_discard_ask": (
        "Discard the saved run of {sku} (started {started}, {n} answers)? Type y to discard:",
        "删除 {sku} 的已保存检验（开始于 {started}，已答 {n} 项）？输入 y 确认删除：",
    ),
    "resume_discard_ask_damaged": (
        "Discard the damaged saved run of {sku}? Type y to discard:",
        "删除 {sku} 已损坏的已保存检验？输入 y 确认删除：",
    ),
    "resume_discard_needs_yes": (
        "no terminal to confirm on: add --yes to discard the saved run of {sku}",
        "没有可确认的终端：加上 --yes 以删除 {sku} 的已保存检验",
    ),
    "resume_discard_kept": ("Kept the saved run of {sku}.", "已保留 {sku} 的已保存检验。"),
    "resume_discarded": ("Discarded the saved run of {sku}.", "已删除 {sku} 的已保存检验。"),
    "resume_expected_option": ("a run option as a run saves it", "检验保存的运行选项"),
    "resume_not_done": ("not done", "未完成"),
    "resume_not_done_partial": (
        "not done: {n} of {total} recorded ({counts})",
        "未完成：已记录 {n} 次，共 {total} 次（{counts}）",
    ),
    "resume_decided": (
        "This failure decides the {checklist}: it fails whatever its {n} remaining questions"
        " show. Stop it here?",
        "该不合格项已决定{checklist}的结果：无论其余 {n} 个问题如何回答都不合格。"
        "要在此停止该测试吗？",
    ),
    "resume_stop_test": (
        "Stop the {checklist} (the rest is recorded as not done)",
        "停止{checklist}（其余项记录为未完成）",
    ),
    "resume_go_on": ("Go on with its remaining questions", "继续回答其余问题"),
    "resume_decided_help": (
        "Stopping saves the time of tests whose result is known: what was not done is recorded"
        " as not done, never as passed, and the record is FAIL. Fix the failure, then re-test"
        " with qa-check run --retest RECORD.",
        "停止可节省已知结果的测试时间：未做的项记录为未完成，绝不记为合格，该记录判定为不合格。"
        "整改后用 qa-check run --retest 记录文件 复测。",
    ),
    "resume_stopped_test": (
        "Stopped the {checklist}: {n} questions recorded as not done.",
        "已停止{checklist}：{n} 个问题记录为未完成。",
    ),
    "resume_what_to_fix": ("What to fix ({n}):", "需要整改（{n} 项）："),
    "resume_sheet_title": ("Corrective actions: {sku}", "整改单：{sku}"),
    "resume_sheet_number": ("No.", "序号"),
    "resume_sheet_rule": ("Rule", "规则"),
    "resume_sheet_item": ("Item", "检查项"),
    "resume_sheet_required": ("Required", "要求"),
    "resume_sheet_recorded": ("Recorded", "记录值"),
    "resume_sheet_action": ("Corrective action", "整改措施"),
    "resume_sheet_done": ("Done", "完成"),
    "resume_sheet_product": ("Product", "产品"),
    "resume_sheet_inspected": ("Inspected", "检验时间"),
    "resume_sheet_inspector": ("Inspector, site", "检验员、地点"),
    "resume_sheet_verdict": ("Verdict", "结论"),
    "resume_sheet_failures": ("FAIL: {n} items to fix", "不合格：{n} 项需要整改"),
    "resume_sheet_record": ("Record", "记录文件"),
    "resume_sheet_signed": (
        "Fixed by: ____________________    Date: ______________",
        "整改人：____________________    日期：______________",
    ),
    "resume_sheet_retest": (
        "When every action is done, re-test: {command}",
        "全部整改完成后复测：{command}",
    ),
    "resume_sheet_offer": (
        "Print a corrective-action sheet (PDF) for the packing line?",
        "为包装线生成整改单（PDF）以便打印？",
    ),
    "resume_sheet_yes": ("Write the sheet", "生成整改单"),
    "resume_sheet_no": ("No sheet", "不需要"),
    "resume_sheet_help": (
        "One A4 page in this run's language: every failure with its corrective action and a box"
        " to tick, beside the record. --sheet writes it without asking.",
        "一页 A4，使用本次检验的语言：列出每个不合格项及其整改措施并留有勾选框，保存在记录旁边。"
        "使用 --sheet 可不经询问直接生成。",
    ),
    "resume_sheet_written": ("Corrective-action sheet: {path}", "整改单：{path}"),
    "resume_retest_start": (
        "Re-test of {sku}: the product and {kept} answers are kept from the earlier record;"
        " asked again: {again}",
        "{sku} 复测：沿用原记录的产品信息和 {kept} 个答案；重新询问：{again}",
    ),
    "resume_retest_not_fail": (
        "the record is {verdict}: only a FAIL is re-tested (start a new run for a new inspection)",
        "该记录为 {verdict}：只有不合格记录才能复测（新的检验请直接运行 qa-check run）",
    ),
    "resume_retest_one_file": (
        "{path}: name one record file to re-test",
        "{path}：请指定一个要复测的记录文件",
    ),
    "resume_retest_with": (
        "--retest starts a new inspection: it goes with neither --resume nor --answers",
        "--retest 会开始一次新的检验：不能与 --resume 或 --answers 同时使用",
    ),
    "resume_not_done_answered": (
        "{item} is answered in full and also listed as not done: keep one of the two",
        "{item} 已完整作答，又被列为未完成：只能保留其一",
    ),
    # --- report: a test report's fields, digests named for what they cover ---
    "report_number": ("Report no.", "报告编号"),
    "report_sample": ("Sample", "样品"),
    "report_units": ("{n} units tested", "检测 {n} 件"),
    "report_received": ("received {date}", "{date} 收样"),
    "report_conditioning": ("Conditioning", "预处理"),
    "report_hours": ("{hours} h", "{hours} 小时"),
    "report_equipment": ("Equipment", "检测设备"),
    "report_instrument": ("{name} ({notes})", "{name}（{notes}）"),
    "report_calibration": ("calibration {id}", "校准证书 {id}"),
    "report_due": ("due {date}", "校准有效期至 {date}"),
    "report_list_separator": ("; ", "；"),
    "report_comma": (", ", "，"),
    "report_statement": (
        "This test report relates only to the sample tested and shall not be reproduced except"
        " in full.",
        "本检测报告仅对所检样品有效；未经批准，不得部分复制本报告。",
    ),
    "report_tested_by": ("Tested by: {name}", "检测人：{name}"),
    "report_approved_by": ("Approved by: {name}", "批准人：{name}"),
    "report_verify": (
        "Check it with: qa-check verify <this file>. The QR code holds the certificate id and"
        " the SHA-256 digest of all this PDF embeds.",
        "核验方法：qa-check verify <本文件>。二维码包含证书编号及本PDF全部内嵌数据的SHA-256摘要。",
    ),
    "report_verify_signed": (
        "Check it with: qa-check verify <this file>. The QR code holds the certificate id, the"
        " SHA-256 digest of all this PDF embeds and the signing key's first digits.",
        "核验方法：qa-check verify <本文件>。二维码包含证书编号、本PDF全部内嵌数据的SHA-256摘要"
        "及签名密钥指纹的前几位。",
    ),
    "report_hint_number": (
        "a report number format with {{seq}} once, and maybe {{prefix}} and {{year}}, e.g."
        " {{prefix}}-{{year}}-{{seq:06d}}",
        "报告编号格式：含一次 {{seq}}，可含 {{prefix}} 和 {{year}}，"
        "例如 {{prefix}}-{{year}}-{{seq:06d}}",
    ),
    "report_label_file_sha256": ("File SHA-256", "文件 SHA-256"),
    "report_entry_position": ("{name} {position}", "{name} {position}"),
    # --- lots2: lot certificates ------------------------------------------------------------
    "lotcert_title": ("Lot inspection certificate", "批次检验证书"),
    "lotcert_lot": ("Lot", "批次"),
    "lotcert_lot_size": ("Lot size", "批量"),
    "lotcert_level": ("Inspection", "检验水平"),
    "lotcert_letter": ("Code letter · units", "字码 · 抽样数"),
    "lotcert_plan": (
        "Sampling plan (ISO 2859-1, single sampling)",
        "抽样方案（ISO 2859-1，一次抽样）",
    ),
    "lotcert_defects": ("Defects found in the sample", "样本中发现的缺陷"),
    "lotcert_no_defects": ("No defect was found in the sample.", "样本中未发现缺陷。"),
    "lotcert_tests": ("Destructive tests", "破坏性试验"),
    "lotcert_no_tests": (
        "No destructive test is recorded for this lot.",
        "本批未记录破坏性试验。",
    ),
    "lotcert_col_class": ("Class", "缺陷类别"),
    "lotcert_col_aql": ("AQL", "AQL"),
    "lotcert_col_letter": ("Code letter", "字码"),
    "lotcert_col_sample": ("Sample", "样本量"),
    "lotcert_col_ac": ("Ac", "Ac"),
    "lotcert_col_re": ("Re", "Re"),
    "lotcert_col_found": ("Found", "发现数"),
    "lotcert_col_decision": ("Decision", "判定"),
    "lotcert_col_unit": ("Unit", "样品"),
    "lotcert_col_checklist": ("Checklist", "检查表"),
    "lotcert_col_item": ("Item", "检查项"),
    "lotcert_col_rule": ("Rule", "规则"),
    "lotcert_not_noted": ("not noted (x{count})", "未注明（{count} 个）"),
    "lotcert_accepted": (
        "Lot {lot} of {size:,} units is accepted: {inspected:,} units inspected, every defect"
        " class within its acceptance number (Ac).",
        "批次 {lot}（{size:,} 件）接收：检验 {inspected:,} 件，各类缺陷均未超过接收数 Ac。",
    ),
    "lotcert_rejected": (
        "Lot {lot} of {size:,} units is rejected: {why}.",
        "批次 {lot}（{size:,} 件）拒收：{why}。",
    ),
    "lotcert_why_class": (
        "{found} {name} defects reach the rejection number (Re {reject})",
        "{name}缺陷 {found} 个，达到拒收数（Re {reject}）",
    ),
    "lotcert_why_tests": ("the destructive tests failed", "破坏性试验不合格"),
    "lots2_history_or_register": (
        "give the earlier lots as lot records (--history) or as a register (--register), not both",
        "以往批次请给出批次记录（--history）或登记册（--register），二者只能选一",
    ),
    "lots2_register_lot": ("lot", "批次"),
    "lots2_superseded": (
        "superseded: {id} was issued later for the same SKU and lot {lot}",
        "已被取代：同一 SKU 的批次 {lot} 之后签发了 {id}",
    ),
    # --- r24-publish: the published verification site and the publish command ---------------
    "web_index_title": ("Certificate check", "证书核验"),
    "web_index_intro": (
        "Check a certificate issued here: search for its id (QC-XXXX-XXXX-XXXX) or its SKU, or"
        " drop its PDF file below. A certificate's own page is c/<its id>/ on this site.",
        "核验在此签发的证书：按证书编号（QC-XXXX-XXXX-XXXX）或 SKU 搜索，"
        "或将其 PDF 文件拖放到下方。每份证书的页面位于本站的 c/<证书编号>/。",
    ),
    "web_search_label": ("Certificate id or SKU", "证书编号或 SKU"),
    "web_search_button": ("Search", "搜索"),
    "web_drop_title": ("Is this file a certificate issued here?", "此文件是否为本站签发的证书？"),
    "web_drop_label": ("Choose a certificate's PDF file", "选择证书的 PDF 文件"),
    "web_drop_zone": ("…or drop the PDF file here", "……或将 PDF 文件拖放到此处"),
    "web_drop_private": (
        "The file never leaves your computer: the browser computes its SHA-256 fingerprint"
        " here, and only that fingerprint names the small file fetched from this site.",
        "文件不会离开您的电脑：浏览器在本地计算其 SHA-256 指纹，仅用该指纹向本站获取对应的小文件。",
    ),
    "web_noscript": (
        "Search and the drop zone need JavaScript; everything else on this page works without it.",
        "搜索和拖放核验需要 JavaScript；本页其余内容无需 JavaScript 即可使用。",
    ),
    "web_issuers": ("Issuers of the certificates published here", "本站所公布证书的签发机构"),
    "web_no_issuer": (
        "not named in the register (none configured, or registered before qa-check kept it)",
        "登记册中未记载（未配置签发机构，或登记时 qa-check 尚未记录此项）",
    ),
    "web_ca_title": ("The issuer's CA certificate", "签发机构的 CA 证书"),
    "web_ca_file": (
        "ca-cert.pem: trust it to check a certificate's signature with qa-check verify --trust.",
        "ca-cert.pem：用 qa-check verify --trust 核验证书签名时信任此文件。",
    ),
    "web_ca_fingerprint": ("SHA-256 fingerprint of {name}", "{name} 的 SHA-256 指纹"),
    "web_ca_none": (
        "No CA certificate was published with this site.",
        "本站未公布 CA 证书。",
    ),
    "web_revocations_signed": (
        "revocations.json: the revocation list, signed with the issuer's key.",
        "revocations.json：吊销列表，已用签发机构的密钥签名。",
    ),
    "web_revocations_none": (
        "No signed revocation list: this site was published without the issuer's signing key."
        " Each certificate's page still says whether it was revoked.",
        "没有已签名的吊销列表：本站发布时未使用签发机构的签名密钥。每份证书的页面仍会说明其是否已被撤销。",
    ),
    "web_published_count": (
        "{count} certificates published here; the site last changed {time}.",
        "本站公布 {count} 份证书；最近一次变化：{time}。",
    ),
    "web_cert_title": ("Certificate {id}", "证书 {id}"),
    "web_status_as_of": (
        "Status as of {time}: the publish that last changed this page. Publishes since found"
        " nothing to change.",
        "状态截至 {time}：即最近一次改变本页的发布。此后的发布均未发现需要更改之处。",
    ),
    "web_meaning_valid": (
        "Issued here and standing: not revoked, superseded or expired.",
        "由本站签发且有效：未被撤销、取代或过期。",
    ),
    "web_meaning_revoked": ("Revoked on {at}: {why}", "已于 {at} 撤销：{why}"),
    "web_meaning_superseded": (
        "Superseded: a newer certificate, {id}, was issued for this SKU.",
        "已被取代：此 SKU 之后签发了新的证书 {id}。",
    ),
    "web_meaning_superseded_lot": (
        "Superseded: a newer certificate, {id}, was issued for this SKU's lot {lot}.",
        "已被取代：此 SKU 的批次 {lot} 之后签发了新的证书 {id}。",
    ),
    "web_meaning_expired": (
        "Expired: its last valid day was {date}.",
        "已过期：其有效期最后一天为 {date}。",
    ),
    "web_meaning_issued": (
        "Issued here: the report of a failure, which has no validity.",
        "由本站签发：不合格报告，不设有效期。",
    ),
    "web_sku": ("SKU", "SKU"),
    "web_product": ("Product", "产品"),
    "web_verdict": ("Verdict", "结论"),
    "web_lot": ("Lot", "批次"),
    "web_issuer": ("Issuer", "签发机构"),
    "web_inspected_at": ("Inspected", "检验时间"),
    "web_issued_at": ("Issued", "签发时间"),
    "web_valid_until": ("Last valid day", "有效期至"),
    "web_valid_until_none": ("none: a report of a failure", "无：不合格报告"),
    "web_valid_until_lot": ("none stated: a lot's certificate", "未载明：批次证书"),
    "web_valid_until_unknown": (
        "unknown: registered before qa-check kept it; the PDF states it",
        "未知：登记时 qa-check 尚未记录此项；以 PDF 所载为准",
    ),
    "web_superseded_by": ("Superseded by", "取代它的证书"),
    "web_files_title": ("The files issued", "签发的文件"),
    "web_files_intro": (
        "A copy is this certificate only when its SHA-256 fingerprint is one of these:"
        " an edited or re-saved copy has another.",
        "副本的 SHA-256 指纹与下列之一相同时，才是本证书；编辑或另存过的副本指纹不同。",
    ),
    "web_file_lang": ("Language", "语言"),
    "web_file_sha256": ("SHA-256 of the PDF file", "PDF 文件的 SHA-256"),
    "web_no_files": (
        "No file's fingerprint was registered: it was certified before qa-check kept them.",
        "未登记文件指纹：该证书签发时 qa-check 尚未记录。",
    ),
    "web_other_lang": ("中文", "English"),
    "web_to_index": ("Search all certificates", "搜索全部证书"),
    "web_unknown_time": ("unknown", "未知"),
    "web_signed_now": (
        "revoked before revocations were signed, now signed with this key, which vouches for"
        " them in the list: {names}",
        "以下撤销作出于撤销需签名之前，现已用此密钥签名，由它在列表中为其担保：{names}",
    ),
    "web_no_key_note": (
        "no signing key given (--keys): the site has no signed revocation list, and its index"
        " says so",
        "未提供签名密钥（--keys）：站点没有已签名的吊销列表，其首页会说明这一点",
    ),
    "web_published": (
        "{count} certificates published in {out}: {written} files written, {removed} removed,"
        " {kept} unchanged",
        "已在 {out} 发布 {count} 份证书：写入 {written} 个文件，删除 {removed} 个，{kept} 个未变",
    ),
    "web_left_out": (
        "{count} FAIL or REJECT certificates not published (--include-fail publishes them)",
        "{count} 份不合格或拒收证书未发布（--include-fail 可发布）",
    ),
    "web_unusable_ids": (
        "{count} register rows left out: their id is not one certify makes",
        "{count} 条登记记录未发布：其编号并非 certify 生成的格式",
    ),
    "web_not_manifest": (
        "{path} is not a site qa-check published: its list of files is not one qa-check writes",
        "{path} 不是 qa-check 发布的站点：其文件清单不是 qa-check 写入的格式",
    ),
    "web_not_a_site": (
        "{path} holds files but no site qa-check published: name an empty folder or an earlier"
        " site",
        "{path} 中已有文件，但不是 qa-check 发布的站点：请指定空文件夹或以前发布的站点",
    ),
    "web_link_in_site": (
        "{path} is a link or a special file: publish writes only real folders and files",
        "{path} 是链接或特殊文件：publish 只写入真实的文件夹和文件",
    ),
    "web_moved": (
        "Certificate {id}: its page is here",
        "证书 {id}：其页面在此",
    ),
    "web_progress": (
        "publishing: {done} of {total} certificates",
        "发布中：已完成 {done} / {total} 份证书",
    ),
    # --- r24-issuer: the issuer a page names and the key that signs it -------------------------
    "issuer_key_differs": (
        "[issuer] name is “{configured}”, but the signing key is issued to “{key}”: a certificate"
        " must be signed by the issuer its page names, so nothing was signed. Write the key's"
        " name as [issuer] name (qa-check keys show{keys} prints it), or sign with the key made"
        " for “{configured}”",
        "[issuer] name 为“{configured}”，但签名密钥签发给“{key}”：证书必须由页面所写的"
        "签发机构签名，因此未签发任何证书。请将 [issuer] name 改为密钥的名称"
        "（qa-check keys show{keys} 可显示），或使用为“{configured}”生成的密钥签名",
    ),
    "issuer_page_differs": (
        "the page names the issuer “{printed}”, but the file was signed by “{signer}”",
        "页面写明的签发机构为“{printed}”，但文件由“{signer}”签名",
    ),
    "issuer_page_differs_older": (
        "note: the page names the issuer “{printed}” and “{signer}” signed it; certificates of"
        " {format} were issued without checking that the two agree",
        "注：页面写明的签发机构为“{printed}”，签名者为“{signer}”；{format} 格式的证书签发时"
        "未核对二者是否一致",
    ),
    # --- r24-revoke: signed revocations, the revocation list, rotating and withdrawing keys ----
    "rev_needs_key": (
        "register revoke signs each revocation with the site's signing key (--keys DIR):"
        " nothing was revoked",
        "register revoke 用站点的签名密钥（--keys 目录）为每项撤销签名：未撤销任何证书",
    ),
    "rev_signed_by": ("signed with the key {key}…", "已用密钥 {key}… 签名"),
    "rev_no_ca_key": (
        "no CA key here: a new signing key needs the CA's private key (ca-key.pem) that"
        " keys init wrote beside it",
        "此处没有 CA 私钥：新签名密钥需要 keys init 在旁边写入的 CA 私钥（ca-key.pem）",
    ),
    "rev_rotated_kept": (
        "The old signing certificate is kept in {path}: what it signed keeps verifying"
        " (same CA), and its private key is gone.",
        "旧签名证书保存在 {path}：它签过的证书仍可验证（同一 CA），其私钥已删除。",
    ),
    "rev_retired": (
        "Retired:         {fingerprint} (to {when})",
        "已停用：          {fingerprint}（至 {when}）",
    ),
    "rev_bad_fingerprint": (
        "not a certificate fingerprint: give the 64 hex digits keys show prints",
        "不是证书指纹：请给出 keys show 显示的 64 位十六进制数",
    ),
    "rev_current_key": (
        "this is the signing key in use: run qa-check keys rotate first, then withdraw the"
        " old one",
        "这是当前使用的签名密钥：请先运行 qa-check keys rotate，再撤销旧密钥",
    ),
    "rev_key_revoked_now": (
        "signing certificate {key}… withdrawn: what it signed from {at} on is UNTRUSTED ({why})",
        "签名证书 {key}… 已撤销：其自 {at} 起签署的证书均为 UNTRUSTED（{why}）",
    ),
    "rev_key_revoked_before": (
        "signing certificate {key}… was withdrawn already on {at} ({why}); that first"
        " revocation is kept",
        "签名证书 {key}… 已于 {at} 撤销（{why}）；保留首次撤销记录",
    ),
    "rev_bad_window": (
        "the next update must come after this update",
        "下次更新时间必须晚于本次更新时间",
    ),
    "rev_row_forged": (
        "the revocation of {id} is not signed by this key folder's signing key or a retired"
        " one (written without the key?): it is not published",
        "{id} 的撤销记录并非由本密钥文件夹的签名密钥或已停用密钥签名（未经密钥写入？）：不予发布",
    ),
    "rev_too_large": (
        "larger than {limit:,} bytes: not a revocation list qa-check wrote",
        "大于 {limit:,} 字节：不是 qa-check 写出的撤销列表",
    ),
    "rev_not_utf8": ("not UTF-8 text: not a revocation list", "不是 UTF-8 文本：不是撤销列表"),
    "rev_wrong_format": (
        "not a revocation list (format {found}, expected qa-check-revocations@1)",
        "不是撤销列表（格式为 {found}，应为 qa-check-revocations@1）",
    ),
    "rev_bad_signature": (
        "the revocation list's signature does not match its content: it was edited after"
        " signing",
        "撤销列表的签名与内容不符：签名后被修改过",
    ),
    "rev_bad_certificate": (
        "not a readable certificate (PEM): the revocation list was edited",
        "无法读取的证书（PEM）：撤销列表被修改过",
    ),
    "rev_bad_time": (
        "not a UTC time as qa-check writes it (2026-12-06T19:30:00Z)",
        "不是 qa-check 写出的 UTC 时间（2026-12-06T19:30:00Z）",
    ),
    "rev_untrusted": (
        "the revocation list is signed by {issuer}, key {key}…, which no trusted CA vouches"
        " for (--trust FILE names the issuer's ca-cert.pem)",
        "撤销列表由 {issuer}（密钥 {key}…）签名，但没有受信任的 CA 为其担保"
        "（用 --trust 文件 指定签发方的 ca-cert.pem）",
    ),
    "rev_issuer_differs": (
        "the list names {named} as its issuer but is signed by {signer}",
        "该列表写明的签发方为 {named}，但签名者是 {signer}",
    ),
    "rev_entry_forged": (
        "the revocation of {id} does not carry its signer's signature: the list was edited",
        "{id} 的撤销记录没有其签名者的有效签名：撤销列表被修改过",
    ),
    "rev_bad_why": (
        "a revocation's reason must be 1 to 500 characters",
        "撤销原因须为 1 至 500 个字符",
    ),
    "rev_stale": (
        "{file} is past its next update ({at}): a newer list may revoke more; get the"
        " issuer's current one. What it revokes stays revoked.",
        "{file} 已过下次更新时间（{at}）：更新的列表可能撤销了更多证书，请向签发方获取最新列表。"
        "其中已撤销的仍为撤销。",
    ),
    "rev_listed": (
        "revoked on {at}: {why} (revocation list {file})",
        "已于 {at} 撤销：{why}（撤销列表 {file}）",
    ),
    "rev_key_after": (
        "signed at {signed} by the key {key}…, withdrawn on {at}: {why} ({file})",
        "由密钥 {key}… 于 {signed} 签名，而该密钥已于 {at} 撤销：{why}（{file}）",
    ),
    "rev_key_before": (
        "signed at {signed}, before its key {key}… was withdrawn on {at} ({why}; {file})",
        "于 {signed} 签名，早于其密钥 {key}… 在 {at} 被撤销（{why}；{file}）",
    ),
    # --- r24-merge: register merge, and the issuer in register list -------------------------
    "merge_output_is_input": (
        "the register to write is also one to merge ({input}): name another file with -o; one"
        " that exists is added to, without being named again",
        "要写出的登记册也是要合并的登记册之一（{input}）：请用 -o 指定另一个文件；"
        "已存在的 -o 文件会被并入，无需再列出",
    ),
    "merge_in_use": (
        "another command is writing this register ({journal} holds its changes): nothing was"
        " replaced; merge again when it has finished",
        "另一个命令正在写入此登记册（{journal} 中有其改动）：未作任何替换；请待其完成后重新合并",
    ),
    "merge_what_digest": ("another payload digest", "载荷摘要不同"),
    "merge_what_file": (
        "the same payload in another file (another file SHA-256)",
        "载荷相同但文件不同（文件 SHA-256 不同）",
    ),
    "merge_conflict": (
        "{id} ({lang}) conflicts with the file of that id and language in {first}: {what};"
        " the one in {first} is kept, this one is left out",
        "{id}（{lang}）与 {first} 中同一编号、同一语言的文件冲突：{what}；"
        "保留 {first} 中的，此处的未并入",
    ),
    "merge_revoked_twice": (
        "{what} is revoked here on {at} ({why}) and in {first} on {first_at} ({first_why});"
        " the earlier revocation, {kept}, is kept",
        "{what} 在此处于 {at} 撤销（{why}），在 {first} 中于 {first_at} 撤销（{first_why}）；"
        "保留较早的撤销（{kept}）",
    ),
    "merge_number_clash": (
        "{issuer}'s report number {number} here clashes with {other} in {first} (one number for"
        " two records, or two numbers for one record); the one in {first} is kept",
        "{issuer} 的报告编号 {number} 与 {first} 中的 {other} 冲突（同一编号用于两份记录，"
        "或同一记录有两个编号）；保留 {first} 中的",
    ),
    "merge_progress": (
        "merging {number} of {total}: {file} ({files} certificate files)",
        "正在合并第 {number} 个（共 {total} 个）：{file}（{files} 个证书文件）",
    ),
    "merge_done": (
        "{file}: {files} certificate files ({added} new), {revocations} revocations;"
        " registers merged: {inputs}",
        "{file}：{files} 个证书文件（新增 {added} 个），{revocations} 条撤销记录；"
        "合并的登记册：{inputs} 个",
    ),
    "merge_conflicts_kept_out": (
        "conflicts: {count}; {file} holds every other row and, of each conflict, the first"
        " register's file",
        "冲突：{count} 处；{file} 已写入其余各行，每处冲突保留先列出的登记册中的文件",
    ),
    "merge_strict_refused": (
        "conflicts: {count}; with --strict nothing was written, and {file} is as it was",
        "冲突：{count} 处；因使用 --strict，未写入任何内容，{file} 保持原样",
    ),
    "merge_word_issuer": ("by", "签发方"),
    "merge_locked": (
        "another qa-check register merge (process {pid}) is writing this register: wait until"
        " it ends",
        "另一个 qa-check register merge（进程 {pid}）正在写入此登记册：请等它结束",
    ),
    # --- r24-image: certificates as images (certify --image, qa-check image) ---
    "img_not_regular": (
        "not a PDF: not a regular file (a folder, a pipe or a device)",
        "不是 PDF：这不是普通文件（而是文件夹、管道或设备）",
    ),
    "img_too_large": (
        "not a PDF: larger than {limit:,} bytes",
        "不是 PDF：文件超过 {limit:,} 字节",
    ),
    "img_not_pdf": (
        "not a PDF (or one locked with a password): no image drawn",
        "不是 PDF（或是受密码保护的 PDF）：未生成图片",
    ),
    "img_too_many_pages": (
        "{pages:,} pages: at most {most} pages of a PDF are drawn as images",
        "共 {pages:,} 页：一个 PDF 最多生成 {most} 页图片",
    ),
    "img_page_too_large": (
        "page {page} is too large to draw as an image",
        "第 {page} 页太大，无法生成图片",
    ),
    "img_step_quality": ("JPEG quality {quality}", "JPEG 质量 {quality}"),
    "img_step_colours": ("{colours} colours", "{colours} 色"),
    "img_lowered": (
        "over {most} at full quality: written with {step} ({size})",
        "按原质量超过 {most}：已改用 {step} 写入（{size}）",
    ),
    "img_still_large": (
        "{size} even at the lowest quality: over the {most} listings take",
        "即使用最低质量仍有 {size}：超过商品页面接受的 {most}",
    ),
    "img_written": ("{width:,} x {height:,} px, {size}", "{width:,} x {height:,} 像素，{size}"),
    "img_name_taken": (
        "not drawn: its image {name} would replace {other}",
        "未生成：其图片 {name} 会覆盖{other}",
    ),
    "img_input": ("{pdf}, named to be drawn", "要生成图片的 {pdf}"),
    "img_of": ("the image of {pdf}", " {pdf} 的图片"),
    "img_kept": ("(unchanged, kept)", "（内容未变，保留原图片）"),
    # --- r24-web: the published site's script (search, drop zone), shown from #qc-words -----
    "web_js_search_empty": (
        "Type a certificate id (QC-XXXX-XXXX-XXXX) or a SKU.",
        "请输入证书编号（QC-XXXX-XXXX-XXXX）或 SKU。",
    ),
    "web_js_searching": ("Looking up {term}…", "正在查找 {term}……"),
    "web_js_search_no_id": (
        "No certificate with the id {id} is published here.",
        "此处没有公布编号为 {id} 的证书。",
    ),
    "web_js_search_no_sku": (
        "No certificate for the SKU {sku} is published here.",
        "此处没有公布 SKU 为 {sku} 的证书。",
    ),
    "web_js_search_sku": (
        "Published for the SKU {sku}, newest first ({count} in all):",
        "SKU {sku} 在此公布的证书，最新的在前（共 {count} 份）：",
    ),
    "web_js_certificate_line": (
        "Certificate {id}: {sku}, {product}; {verdict}, issued on {date}.",
        "证书 {id}：{sku}，{product}；{verdict}，签发于 {date}。",
    ),
    "web_js_status_valid": (
        "standing: not revoked, superseded or expired.",
        "有效：未被撤销、取代或过期。",
    ),
    "web_js_status_valid_until": (
        "standing: not revoked, superseded or expired; its last valid day is {date}.",
        "有效：未被撤销、取代或过期；有效期最后一天为 {date}。",
    ),
    "web_js_status_revoked": ("revoked on {date}: {why}", "已于 {date} 撤销：{why}"),
    "web_js_status_revoked_no_reason": ("revoked on {date}.", "已于 {date} 撤销。"),
    "web_js_status_superseded": (
        "superseded: a newer certificate, {id}, was issued for this SKU.",
        "已被取代：此 SKU 之后签发了新的证书 {id}。",
    ),
    "web_js_status_expired": (
        "expired: its last valid day was {date}.",
        "已过期：其有效期最后一天为 {date}。",
    ),
    "web_js_status_issued": (
        "issued here: the report of a failure, which has no validity.",
        "由本站签发：不合格报告，不设有效期。",
    ),
    "web_js_status_as_of": ("Status as of {time}.", "状态截至 {time}。"),
    "web_js_drop_reading": ("Checking {name} on this computer…", "正在本机检查 {name}……"),
    "web_js_drop_unreadable": (
        "{name} could not be read: choose the file again.",
        "无法读取 {name}：请重新选择该文件。",
    ),
    "web_js_drop_first_only": (
        "{count} files were dropped: only the first, {name}, was checked.",
        "拖入了 {count} 个文件：只检查了第一个，{name}。",
    ),
    "web_js_drop_issued": (
        "Issued: this exact file was issued by {issuer} as certificate {id}.",
        "已签发：这份文件正是 {issuer} 签发的证书 {id}，与发布的文件完全一致。",
    ),
    "web_js_drop_issued_no_issuer": (
        "Issued: this exact file was issued as certificate {id}.",
        "已签发：这份文件正是证书 {id}，与发布的文件完全一致。",
    ),
    "web_js_drop_not_issued": (
        "Not issued here: this exact file is not among the certificates published on this site;"
        " an edited or re-saved copy has another fingerprint.",
        "此处未签发：本网站公布的证书中没有这份文件；经过编辑或另存的副本，其指纹与原件不同。",
    ),
    "web_js_drop_fingerprint": (
        "SHA-256 fingerprint of {name}: {sha256}",
        "{name} 的 SHA-256 指纹：{sha256}",
    ),
    "web_js_needs_web_address": (
        "The search and the drop zone work only when this site is opened from its web address"
        " (https://…), not from files on this computer, and not offline.",
        "只有通过网址（https://……）打开本网站时，搜索和拖放检查才能使用；"
        "以本机文件方式打开或离线时无法使用。",
    ),
    "web_js_site_answered": (
        "The site could not answer (HTTP {code}): try again later.",
        "网站暂时无法回答（HTTP {code}）：请稍后再试。",
    ),
    "web_js_bad_answer": (
        "The site's answer could not be read: it is not what qa-check publishes.",
        "无法读取网站的回答：它不是 qa-check 发布的内容。",
    ),
    # --- r24-sites: several sites' signed revocations published as one site ---
    "sites_row_untrusted": (
        "the revocation of {id} is signed by {issuer}, key {key}…, whose CA is neither this key"
        " folder's nor one given with --trust: publish with --trust FILE naming that site's"
        " ca-cert.pem, or it is not published",
        "{id} 的撤销记录由 {issuer}（密钥 {key}…）签名，其 CA 既不是本密钥文件夹的，也不是"
        " --trust 指定的：请用 --trust 文件 指定该站点的 ca-cert.pem 再发布，否则不予发布",
    ),
    "sites_sealer_unchained": (
        "a signing certificate the list carries was not issued by the CA beside it: the"
        " revocation list was edited",
        "撤销列表所附的签名证书并非由其旁附的 CA 签发：撤销列表被修改过",
    ),
    # --- r24-attack: a PDF too costly to draw ---
    "attack_img_too_costly": (
        "drawing it needed more than {memory} MB of memory or {seconds} s, which no certificate"
        " needs (a crafted PDF?): no image drawn",
        "绘制它需要超过 {memory} MB 内存或 {seconds} 秒，任何证书都不需要这么多（是特意构造的"
        " PDF？）：未生成图片",
    ),
    # --- r24-attack: two names that print alike ---
    "attack_names_differ": (
        " (the two look alike but are not the same text: at character {at}, {first} against"
        " {second})",
        "（二者看起来相同，但文字并不相同：第 {at} 个字符处，一个是 {first}，另一个是 {second}）",
    ),
    "attack_name_ends": ("the end of the name", "名称结尾"),
    # --- r24-attack: one file claimed by two certificates ---
    "attack_web_disputed_files": (
        "{count} file fingerprint(s) are claimed by more than one certificate in the registers"
        " (one file is one certificate): the site vouches for none of those claims, so such a"
        " file dropped on it is not issued here. Find the rows with register list and the"
        " register they came from",
        "登记册中有 {count} 个文件指纹被多份证书同时认领（一份文件只属于一份证书）：本站对这些"
        "认领一概不予确认，因此把这类文件拖放到本站时显示“此处未签发”。请用 register list"
        " 找出这些记录及其来源登记册",
    ),
}
"""key -> (English, Chinese); ``{name}`` placeholders are filled by ``msg``."""

HELP: dict[str, str] = {
    # --- typer's and click's own words ---------------------------------------------------------
    "Usage:": "用法：",
    "Arguments:": "参数：",
    "Options:": "选项：",
    "Commands:": "命令：",
    "default": "默认",
    "env var": "环境变量",
    "required": "必填",
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，可复制或自行安装。"
    ),
    "Examples:": "示例：",
    "Exit codes:": "退出码：",
    # --- qa-check ------------------------------------------------------------------------------
    "Check packaging & QA results of e-commerce SKUs against YAML checklists.": (
        "按 YAML 检查表核对电商 SKU 的包装与质检结果。"
    ),
    "Show the version and exit.": "显示版本号并退出。",
    # --- options several commands share --------------------------------------------------------
    "Record files (.yaml .yml .json .jsonl .csv) or folders.": (
        "记录文件（.yaml .yml .json .jsonl .csv）或文件夹。"
    ),
    "Checklist file or folder (repeatable). Default: ./checklists, else the built-in set.": (
        "检查表文件或文件夹（可重复）。默认：./checklists，没有时用内置检查表。"
    ),
    "Report format: text for people, json for programs.": (
        "报告格式：text 供人阅读，json 供程序读取。"
    ),
    "No progress on stderr (the report and the summary still print).": (
        "不在 stderr 上显示进度（报告和汇总照常输出）。"
    ),
    "Site configuration: issuer, logo, approver, validity."
    " Default: ./qa-check.toml when there is one.": (
        "站点配置：签发机构、标志、批准人、有效期。默认：有 ./qa-check.toml 时使用它。"
    ),
    "Folder of the signing key. Default: keys in qa-check's configuration folder.": (
        "签名密钥所在的文件夹。默认：qa-check 配置文件夹中的 keys。"
    ),
    "every record passed": "所有记录均合格",
    "some record failed, none was invalid": "有记录不合格，没有无效记录",
    "some record was invalid, or the command was misused": "有无效记录，或命令用法有误",
    "interrupted by Ctrl-C (143 by SIGTERM, 129 the terminal closed)": (
        "被 Ctrl-C 中断（SIGTERM 为 143，终端关闭为 129）"
    ),
    # --- validate ------------------------------------------------------------------------------
    "Judge each SKU's recorded results: PASS, FAIL (and why) or INVALID (and where).": (
        "判定每个 SKU 的记录结果：PASS、FAIL（附原因）或 INVALID（附位置）。"
    ),
    "Every record in the input is reported, in the order read;"
    " a bad record never stops the rest.": (
        "输入中的每条记录都按读取顺序报告；一条有问题的记录不会中断其余记录。"
    ),
    "Text encoding of the record files, e.g. gbk for Excel CSV.": (
        "记录文件的文字编码，例如 Excel 导出的 CSV 用 gbk。"
    ),
    # --- certify -------------------------------------------------------------------------------
    "Write a PDF certificate per SKU, PASS or FAIL, named SKU_VERDICT_DATE.pdf.": (
        "为每个 SKU 写出一份 PDF 证书（PASS 或 FAIL），文件名为 SKU_VERDICT_DATE.pdf。"
    ),
    "INVALID records get no certificate and are listed with their location. Run again, it"
    " draws only the certificates --out is missing (--force: all). The batch's summary, a row"
    " per record, goes beside them: summary.csv, summary.json and summary.pdf; each certificate"
    " is added to the register (register list). With a key (keys init), each is signed.": (
        "INVALID 记录不出证书，并列出其位置。再次运行时只生成 --out 中缺少的证书"
        "（--force：全部重新生成）。批次汇总（每条记录一行）写在证书旁：summary.csv、"
        "summary.json 和 summary.pdf；每份证书都记入登记册（register list）。"
        "有密钥时（keys init），每份证书都会签名。"
    ),
    "Folder the certificates are written into.": "证书写入的文件夹。",
    "Language of the certificate; en+zh prints both in each cell.": (
        "证书的语言；en+zh 在每个单元格中同时印出两种语言。"
    ),
    "Issue time with its zone, e.g. 2026-11-23T09:00:00+08:00. Default: now. The same record"
    " and issue time give the same PDF, byte for byte.": (
        "签发时间（含时区），例如 2026-11-23T09:00:00+08:00。默认：当前时间。"
        "同一记录、同一签发时间生成的 PDF 逐字节相同。"
    ),
    "Text encoding of the record files.": "记录文件的文字编码。",
    "Certificates drawn at once, each in a process of its own; 1 draws them in this one."
    " Default, and most: the number of cores this process may use.": (
        "同时生成的证书份数，每份在单独的进程中生成；1 表示在本进程中逐份生成。"
        "默认值（也是上限）：本进程可用的 CPU 核数。"
    ),
    "Draw every certificate again, replacing what --out holds under the same name. Without"
    " it, a certificate already there for the same record is kept and one of another record"
    " is left alone (that record is INVALID).": (
        "重新生成所有证书，覆盖 --out 中的同名文件。不加此项时，同一记录已有的证书予以保留；"
        "属于另一条记录的同名证书也不改动（该记录判为 INVALID）。"
    ),
    "Sign each certificate with the site's key (keys init)."
    " Default: sign when the key folder has a key.": (
        "用站点的密钥（keys init）为每份证书签名。默认：密钥文件夹中有密钥时签名。"
    ),
    "The register of issued certificates to add to. Default: register.sqlite in --out.": (
        "记录已签发证书的登记册。默认：--out 中的 register.sqlite。"
    ),
    # --- verify --------------------------------------------------------------------------------
    "Check certificates: VALID, UNSIGNED, TAMPERED, UNTRUSTED, REVOKED, STALE, EXPIRED.": (
        "核验证书：VALID、UNSIGNED、TAMPERED、UNTRUSTED、REVOKED、STALE、EXPIRED。"
    ),
    "A signed certificate is VALID when its signature is intact and covers the whole file,"
    " its signer chains to a trusted CA, its record matches its digest and its page shows its"
    " verdict. UNSIGNED: no signature, but the page is exactly what its record renders to;"
    " that proves integrity, not who issued it. EXPIRED: past the last valid day printed on"
    " it. STALE: a newer certificate was issued for the SKU (--register), or a checklist it"
    " was judged against is installed (--checklists) as the same id@version with other"
    " content.": (
        "已签名的证书在以下条件都满足时为 VALID：签名完好且覆盖整个文件，签名者可追溯到受信任的"
        " CA，记录与其摘要一致，页面显示的结论与记录相符。UNSIGNED：没有签名，但页面与其记录"
        "生成的内容完全一致；这只能证明未被改动，不能证明由谁签发。EXPIRED：已超过证书上印的"
        "最后有效日。STALE：该 SKU 已签发了更新的证书（--register），或判定时所用的某个检查表"
        "已以相同的 id@version、不同的内容安装（--checklists）。"
    ),
    "Certificate files.": "证书文件。",
    "Judge validity at this time, e.g. 2027-01-01T00:00:00+08:00. Default: now.": (
        "按此时间判断有效期，例如 2027-01-01T00:00:00+08:00。默认：当前时间。"
    ),
    "A CA certificate (PEM or DER) that signers must chain to (repeatable)."
    " Default: the key folder's ca-cert.pem.": (
        "签名者必须能追溯到的 CA 证书（PEM 或 DER，可重复）。默认：密钥文件夹中的 ca-cert.pem。"
    ),
    "An UNSIGNED certificate fails (exit 1) instead of passing.": (
        "UNSIGNED 证书判为不通过（退出码 1），而不是通过。"
    ),
    "The register certify keeps: a revoked certificate is REVOKED,"
    " one superseded by a newer one STALE.": (
        "certify 维护的登记册：已撤销的证书为 REVOKED，已被更新证书取代的为 STALE。"
    ),
    "every certificate is VALID or UNSIGNED": "所有证书均为 VALID 或 UNSIGNED",
    "some is TAMPERED, UNTRUSTED, REVOKED, STALE or EXPIRED": (
        "有证书为 TAMPERED、UNTRUSTED、REVOKED、STALE 或 EXPIRED"
    ),
    "a file is NOT A CERTIFICATE, or the command was misused": (
        "有文件为 NOT A CERTIFICATE（不是证书），或命令用法有误"
    ),
    # --- run -----------------------------------------------------------------------------------
    "Walk through the checklists one question at a time; save the record and its verdict.": (
        "按检查表逐题检验；保存记录及其结论。"
    ),
    "Every answer is saved as it is typed: Ctrl-C or a closed terminal loses nothing, and"
    " `qa-check run --resume SKU` continues. At any question: ? help, b back, q stop.": (
        "每个答案输入后立即保存：按 Ctrl-C 或关闭终端都不会丢失，用"
        " `qa-check run --resume SKU` 可继续。任一问题处：? 帮助，b 返回上一题，q 停止。"
    ),
    "The SKU (else it is asked: type or scan).": "SKU（不给时会询问：手动输入或扫码）。",
    "The product name.": "产品名称。",
    "Language of the run. Default: QA_CHECK_LANG, else the locale.": (
        "检验过程使用的语言。默认：QA_CHECK_LANG，没有时按系统区域设置。"
    ),
    "Only these checklists (repeatable).": "只用这些检查表（可重复）。",
    "Folder for the records (and the saved drafts).": "存放记录（及已保存草稿）的文件夹。",
    "A partial record whose answers are taken as given.": "部分填写的记录，其中的答案直接采用。",
    "Continue the saved run of this SKU.": "继续该 SKU 已保存的检验。",
    "Issue the certificate at the end.": "检验结束时签发证书。",
    "Folder for the certificate (with --certify).": "存放证书的文件夹（配合 --certify）。",
    "Site configuration for the certificate (with --certify)."
    " Default: ./qa-check.toml when there is one.": (
        "证书使用的站点配置（配合 --certify）。默认：有 ./qa-check.toml 时使用它。"
    ),
    "Ask nothing: every answer must be given.": "不询问任何问题：所有答案都必须事先给出。",
    "PASS, or stopped with q (every answer is saved)": "PASS，或按 q 停止（所有答案均已保存）",
    "FAIL": "FAIL（不合格）",
    "invalid input, such as an answer missing with --no-input": (
        "输入无效，例如使用 --no-input 时缺少答案"
    ),
    "Ctrl-C (129 the terminal was closed): every answer is saved": (
        "按了 Ctrl-C（终端关闭为 129）：所有答案均已保存"
    ),
    # --- lint ----------------------------------------------------------------------------------
    "Check checklist files: schema, duplicate ids, references, translations.": (
        "检查检查表文件：结构、重复 id、引用、译文。"
    ),
    "Also that no released checklist was edited without a new version: --known FILE"
    " (default: each folder's released.sha256) lists 'id@version sha256' (the SHA-256 of the"
    " checklist's content, as certificates record it), one a line; --add-known adds the"
    " versions not yet listed. A file named id@version.yaml must hold that version;"
    " withdrawals.yaml must name versions there are.": (
        "还检查已发布的检查表没有在不升版本的情况下被修改：--known FILE（默认：各文件夹中的"
        " released.sha256）每行列出一个 'id@version sha256'（检查表内容的 SHA-256，与证书"
        "记录的一致）；--add-known 补上尚未列出的版本。名为 id@version.yaml 的文件必须是该"
        "版本；withdrawals.yaml 只能列出确实存在的版本。"
    ),
    "Checklist files or folders. Default: ./checklists.": (
        "检查表文件或文件夹。默认：./checklists。"
    ),
    "Known checklist versions: a line 'id@version sha256' each, # comments. A listed"
    " id@version whose content changed is a problem: it needs a new version. Default:"
    " released.sha256 in each folder, when there is one.": (
        "已知的检查表版本：每行一个 'id@version sha256'，# 开头为注释。已列出的 id@version"
        " 如果内容变了，即为问题：需要升版本。默认：各文件夹中有 released.sha256 时使用它。"
    ),
    "Add the id@versions under PATH that --known FILE does not list yet"
    " (a listed hash is never rewritten).": (
        "把 PATH 下 --known FILE 尚未列出的 id@version 补进去（已列出的哈希值从不改写）。"
    ),
    "the checklists are clean": "检查表没有问题",
    "problems were found, listed on stdout": "发现问题，已在 stdout 上列出",
    "the command was misused, such as --add-known without --known": (
        "命令用法有误，例如使用 --add-known 却没有 --known"
    ),
    # --- summarize -----------------------------------------------------------------------------
    "Merge the summaries of certify runs over shards of one batch into one summary.": (
        "把同一批次分片运行 certify 得到的各份汇总合并为一份。"
    ),
    "Writes summary.json, summary.csv and summary.pdf into --out,"
    " the records in the order the files are given.": (
        "在 --out 中写出 summary.json、summary.csv 和 summary.pdf，记录按文件给出的顺序排列。"
    ),
    "summary.json files, one per shard.": "summary.json 文件，每个分片一个。",
    "Folder for the merged summary.": "存放合并后汇总的文件夹。",
    # --- schema, template ----------------------------------------------------------------------
    "Write JSON Schema (draft 7) for checklists and records, for editors' YAML support.": (
        "为检查表和记录写出 JSON Schema（draft 7），供编辑器提示 YAML。"
    ),
    "Folder to write the schema files into.": "schema 文件写入的文件夹。",
    "Write a blank CSV sheet (record-template.csv) and YAML skeleton (record-template.yaml).": (
        "写出空白 CSV 表（record-template.csv）和 YAML 框架（record-template.yaml）。"
    ),
    "Checklists as id or id@version. Default: all, newest versions.": (
        "检查表，写成 id 或 id@version。默认：全部，取最新版本。"
    ),
    "Folder for the two template files.": "存放两个模板文件的文件夹。",
    "Overwrite existing template files.": "覆盖已有的模板文件。",
    # --- register ------------------------------------------------------------------------------
    "List, show and revoke the certificates certify recorded in its register; merge registers.": (
        "列出、查看和撤销 certify 记入登记册的证书；合并登记册。"
    ),
    "List the certificate files in the register, oldest first: ISSUED, STALE or REVOKED.": (
        "列出登记册中的证书文件，最早的在前：ISSUED、STALE 或 REVOKED。"
    ),
    "STALE: a newer certificate was issued for the same SKU (superseded), or a checklist it"
    " was judged against is installed (--checklists) as the same id@version with other"
    " content. A certificate in two languages is two lines, one per file.": (
        "STALE：同一 SKU 已签发了更新的证书（已被取代），或判定时所用的某个检查表已以相同的"
        " id@version、不同的内容安装（--checklists）。两种语言的证书占两行，每个文件一行。"
    ),
    "The register certify wrote. Default: reports/register.sqlite.": (
        "certify 写出的登记册。默认：reports/register.sqlite。"
    ),
    "Only this SKU's certificates, each line naming its issuer (in a merged register, the"
    " site).": "只列此 SKU 的证书，每行注明签发方（合并后的登记册中即站点）。",
    "Only PASS or only FAIL.": "只列 PASS 或只列 FAIL。",
    "Only the STALE certificates.": "只列 STALE 证书。",
    "Installed checklists (repeatable): a certificate judged against one of them with other"
    " content is STALE. Without it, only superseded ones are.": (
        "已安装的检查表（可重复）：按其中某个检查表的不同内容判定的证书为 STALE。"
        "不加此项时，只有已被取代的证书为 STALE。"
    ),
    "text for people, json for programs, csv.": "text 供人阅读，json 供程序读取，或 csv。",
    "Language of the reasons and messages. Default: QA_CHECK_LANG, else the locale.": (
        "原因和提示信息的语言。默认：QA_CHECK_LANG，没有时按系统区域设置。"
    ),
    "done": "完成",
    "no register, a damaged one, an unknown id, or the command was misused": (
        "没有登记册、登记册已损坏、id 不存在，或命令用法有误"
    ),
    "Show one certificate: what it certifies, its status, and its file in each language.": (
        "查看一份证书：证明的内容、状态，以及各语言的文件。"
    ),
    "Certificate id, as printed: QC-XXXX-XXXX-XXXX.": (
        "证书编号，与证书上印的相同：QC-XXXX-XXXX-XXXX。"
    ),
    "Revoke a certificate, every language of it: verify --register then reports REVOKED.": (
        "撤销一份证书（所有语言版本）：此后 verify --register 报告为 REVOKED。"
    ),
    "The time and the reason are recorded; a revocation is never undone or rewritten.": (
        "撤销时间和原因都会记录；撤销不能取消，也不能改写。"
    ),
    "Why: one line, up to 500 characters.": "撤销原因：一行，最多 500 个字符。",
    "revoked, or revoked before (the first revocation is kept)": (
        "已撤销，或之前已撤销（保留首次撤销记录）"
    ),
    # --- keys ----------------------------------------------------------------------------------
    "Signing keys: create the issuing site's key, show its fingerprint.": (
        "签名密钥：创建签发站点的密钥，查看其指纹。"
    ),
    "Create the issuing site's signing key and a small CA that vouches for it.": (
        "创建签发站点的签名密钥，以及为它担保的小型 CA。"
    ),
    "The passphrase comes from QA_CHECK_KEY_PASSPHRASE, else it is asked twice (hidden). The"
    " private keys stay in the folder, readable by you only; hand out ca-cert.pem: whoever"
    " trusts it accepts the certificates this key signs. An existing key is never replaced.": (
        "口令取自 QA_CHECK_KEY_PASSPHRASE，没有时询问两次（输入不显示）。私钥留在该文件夹中，"
        "只有您本人可读；请分发 ca-cert.pem：信任它的人就会接受此密钥签名的证书。已有的密钥"
        "从不被替换。"
    ),
    "The issuing site or lab, as the certificates name it.": "签发站点或实验室，即证书上的名称。",
    "Folder to create the keys in. Default: keys in qa-check's configuration folder.": (
        "创建密钥的文件夹。默认：qa-check 配置文件夹中的 keys。"
    ),
    "Leave the private keys unencrypted (a machine that signs unattended).": (
        "私钥不加密（用于无人值守签名的机器）。"
    ),
    "Language of the output. Default: $QA_CHECK_LANG, else the locale.": (
        "输出的语言。默认：$QA_CHECK_LANG，没有时按系统区域设置。"
    ),
    "the keys were created": "密钥已创建",
    "a key is already there, or no passphrase": "已有密钥，或没有口令",
    "Print the signing key's issuer, fingerprints, end of validity and folder.": (
        "显示签名密钥的签发方、指纹、有效期截止时间和所在文件夹。"
    ),
    "the key is there": "密钥存在",
    "no key in the folder, or a damaged one": "文件夹中没有密钥，或密钥已损坏",
    # --- lots: AQL sampling plans and lots ---------------------------------------------------
    "Lots inspected by AQL sampling (ISO 2859-1): the sampling plan of a lot.": (
        "按 AQL 抽样检验的批次（ISO 2859-1）：一批的抽样方案。"
    ),
    "Print the sampling plan of a lot: code letter, sample size, Ac/Re per defect class.": (
        "显示一批的抽样方案：样本量字码、样本量、各缺陷类别的 Ac/Re。"
    ),
    "From ISO 2859-1's tables (the same numbers as ANSI/ASQ Z1.4 and MIL-STD-105E): the lot"
    " size and level give the code letter; each class's AQL gives its acceptance (Ac) and"
    " rejection (Re) numbers, on its own sample where the table's arrows lead it to another"
    " code letter.": (
        "依据 ISO 2859-1 的抽样表（数值与 ANSI/ASQ Z1.4、MIL-STD-105E 相同）：批量和检验水平"
        "决定样本量字码；各类别的 AQL 决定其接收数（Ac）和拒收数（Re），表中箭头指向另一字码时，"
        "该类别按那个字码的样本量抽样。"
    ),
    "Units in the lot.": "批中的件数。",
    "Inspection level: S-1 to S-4, I, II (the usual), III.": (
        "检验水平：S-1 至 S-4、I、II（常用）、III。"
    ),
    "AQL per defect class, e.g. major=2.5,minor=4.0. Default: critical=0, major=2.5,"
    " minor=4.0; critical 0 accepts no critical defect.": (
        "各缺陷类别的 AQL，例如 major=2.5,minor=4.0。默认：critical=0、major=2.5、minor=4.0；"
        "critical 为 0 即不接收任何致命缺陷。"
    ),
    "Normal inspection, or tightened after rejected lots.": "正常检验，或在批次被拒收后加严检验。",
    "Also write a blank lot sheet, a row per unit to draw, as lot-sheet.csv and lot-sheet.xlsx"
    " into DIR.": (
        "另在 DIR 中写入空白批次记录表 lot-sheet.csv 和 lot-sheet.xlsx，每个抽取的样品一行。"
    ),
    "Overwrite existing lot sheets.": "覆盖已有的批次记录表。",
    "The SKU whose earlier lots (--history or --register) decide the severity, by the switching"
    " rules: tightened after 2 of 5 lots rejected, normal again after 5 accepted.": (
        "由该 SKU 以往的批次（--history 或 --register）按转移规则决定检验严格度：5 批中有 2 批"
        "拒收即加严，加严后连续接收 5 批恢复正常。"
    ),
    "Lot records of earlier lots, files or folders (repeatable); with --sku.": (
        "以往批次的批次记录，文件或文件夹（可重复）；与 --sku 一起使用。"
    ),
    "the plan was printed (and the sheets written)": "已显示抽样方案（并写入记录表）",
    "the command was misused, or a sheet could not be written": "命令用法有误，或记录表无法写入",
    # --- summary: exit codes in every command's help, and help that says what it governs ------
    "Language of everything validate says: the report, its corrective actions, progress and"
    " errors. Default: QA_CHECK_LANG, else the locale.": (
        "validate 所说一切的语言：报告、其中的纠正措施、进度和错误信息。默认：QA_CHECK_LANG，"
        "没有时按系统区域设置。"
    ),
    "the merged summary was written": "合并后的汇总已写入",
    "a summary cannot be merged or written, or the command was misused": (
        "汇总无法合并或写入，或命令用法有误"
    ),
    "the schema files were written": "schema 文件已写入",
    "a file could not be written, or the command was misused": "文件无法写入，或命令用法有误",
    "the template files were written": "模板文件已写入",
    "a file exists (no --force) or cannot be written, or the command was misused": (
        "文件已存在（未加 --force）或无法写入，或命令用法有误"
    ),
    "Times are stored in UTC and shown in the site's time zone ([site] timezone in"
    " qa-check.toml), when it has one.": (
        "时间以 UTC 保存；站点配置了时区（qa-check.toml 中的 [site] timezone）时按该时区显示。"
    ),
    "Site configuration, whose [site] timezone the times are shown in. Default:"
    " ./qa-check.toml when there is one.": (
        "站点配置，时间按其中的 [site] timezone 显示。默认：有 ./qa-check.toml 时用它。"
    ),
    "Language of the merged summary's words, which the shards' must be in. Default: the"
    " shards' language.": "合并后汇总的文字语言，各分片的文字须为同一语言。默认：分片的语言。",
    "A record found in two of the summaries is refused, with both named: each record is"
    " counted once.": "同一记录出现在两份汇总中时拒绝合并，并指出这两份汇总：每条记录只计一次。",
    # --- sheets: workbooks in, CSV encodings found, the xlsx template ---
    "Record files (.yaml .yml .json .jsonl .csv .xlsx .xls) or folders.": (
        "记录文件（.yaml .yml .json .jsonl .csv .xlsx .xls）或文件夹。"
    ),
    "Text encoding of the record files, e.g. gbk. Default: UTF-8, and for a CSV that is not,"
    " GB18030 when it reads as Chinese (a note says so).": (
        "记录文件的文字编码，例如 gbk。默认：UTF-8；不是 UTF-8 的 CSV 如果读起来是中文，"
        "则按 GB18030 读取（并给出提示）。"
    ),
    "Site configuration, for [site] timezone: the zone of a workbook's date and time cells."
    " Default: ./qa-check.toml when there is one.": (
        "站点配置，用其中的 [site] timezone：工作簿中日期时间单元格的时区。"
        "默认：有 ./qa-check.toml 时使用它。"
    ),
    "csv: a CSV sheet and a YAML skeleton; xlsx: an Excel workbook (record-template.xlsx)"
    " with drop-down lists, headed in --lang.": (
        "csv：一个 CSV 表格和一个 YAML 框架；xlsx：一个带下拉列表的 Excel 工作簿"
        "（record-template.xlsx），表头使用 --lang 指定的语言。"
    ),
    "Language of the workbook's headings and of messages.": "工作簿表头和提示信息的语言。",
    "With --format xlsx, an Excel workbook instead (record-template.xlsx): headings in --lang"
    " with the units, drop-down lists, number checks, and a sheet of instructions.": (
        "使用 --format xlsx 时改为写一个 Excel 工作簿（record-template.xlsx）：表头使用"
        " --lang 指定的语言并注明单位，带下拉列表、数字校验和一张填写说明表。"
    ),
    # --- evidence: run --photos, config init -------------------------------------------------
    "Folder a phone syncs photos into: a photo step takes the photos new there.": (
        "手机同步照片的文件夹：拍照步骤取用其中新出现的照片。"
    ),
    "The site configuration: who issues the certificates (qa-check.toml).": (
        "站点配置：由谁签发证书（qa-check.toml）。"
    ),
    "Ask who issues the certificates here, and who approves them; write qa-check.toml.": (
        "询问由谁在此签发证书、由谁批准；写入 qa-check.toml。"
    ),
    "Asks the issuer's name, address and accreditation and the approver, once. A file already"
    " there is changed only when you say so, and keeps its other settings.": (
        "询问一次签发机构的名称、地址、资质认可和批准人。已有的文件只在您确认后才修改，并保留其中的其他设置。"
    ),
    "The file to write.": "要写入的文件。",
    "Language of the questions. Default: QA_CHECK_LANG, else the locale.": (
        "提问所用的语言。默认：QA_CHECK_LANG，没有时按系统区域设置。"
    ),
    "the file was written, or left as it was": "文件已写入，或保持原样",
    "no terminal to ask on, or the file could not be written": "没有可提问的终端，或文件无法写入",
    # --- resume: run's options for drafts, the end of a FAIL and re-tests -------------------
    "Folder for the certificate (with --certify). Default: reports.": (
        "存放证书的文件夹（配合 --certify）。默认：reports。"
    ),
    "List the saved runs (drafts) in the results folder.": "列出结果文件夹中已保存的检验（草稿）。",
    "Remove the saved run of this SKU (asks first).": "删除该 SKU 的已保存检验（先询问确认）。",
    "With --discard: do not ask.": "配合 --discard：不再询问。",
    "On a FAIL, write the corrective-action sheet (PDF) beside the record.": (
        "不合格时，在记录旁生成整改单（PDF）。"
    ),
    "Re-test a FAIL record: its answers kept, what the re-test needs asked again.": (
        "复测一份不合格记录：沿用其答案，只重新询问复测需要的问题。"
    ),
    # --- lots2: the register's lot history --------------------------------------------------
    "The register (register.sqlite) whose lot certificates of --sku are its earlier lots: each"
    " lot decided by its newest certificate, revoked ones left out.": (
        "登记册（register.sqlite）：其中 --sku 的批次证书即以往的批次；每批按其最新证书判定，"
        "已撤销的不计。"
    ),
    # --- r24-publish: the publish command ---------------------------------------------------
    "Write a static verification site from registers, which any static host serves.": (
        "根据登记册生成静态核验网站，任何静态托管服务均可提供。"
    ),
    "A page per certificate, in English and Chinese, its status as JSON, a search by id or SKU"
    " and a drop zone that tells whether a PDF file is exactly one issued here.": (
        "每份证书一个英文页面和一个中文页面，其状态另有 JSON；可按证书编号或 SKU 搜索；"
        "拖放区可判断某个 PDF 文件是否正是本站签发的那一份。"
    ),
    "Published: PASS and ACCEPT certificates (revoked ones say REVOKED), with the applicant's"
    " SKU and product and the issuer; never an inspector's, tester's or approver's name. A"
    " certificate issued with [certificate] verify_url = URL has its page at URL/c/<id>/, which"
    " its QR code holds.": (
        "公布内容：合格（PASS）和接收（ACCEPT）的证书（已撤销的显示 REVOKED），含申请方的 SKU、"
        "产品和签发机构；从不公布检验员、测试员或批准人的姓名。以 [certificate] verify_url = URL "
        "签发的证书，其页面位于 URL/c/<证书编号>/，即其二维码内容。"
    ),
    "A register certify wrote (repeatable): several sites' registers make one site.": (
        "certify 写入的登记册（可重复）：多个站点的登记册合成一个网站。"
    ),
    "The site's folder: empty, or a site published before (only what changed is rewritten).": (
        "网站的文件夹：空文件夹，或以前发布的网站（只重写有变化的文件）。"
    ),
    "The issuer's key folder: the revocation list is signed with its key, and its ca-cert.pem"
    " published with its fingerprint. Without it: no revocation list.": (
        "签发机构的密钥文件夹：用其中的密钥为吊销列表签名，并公布其 ca-cert.pem 及其指纹。"
        "不提供则没有吊销列表。"
    ),
    "With --keys: the revocation list says when the next one is due, N days on; publish again"
    " before then (verify warns about a list past it).": (
        "配合 --keys：吊销列表注明下一份在 N 天后发布；请在此之前再次发布"
        "（verify 会对过期的列表给出警告）。"
    ),
    "A CA certificate (PEM) to publish instead of --keys's (repeatable).": (
        "要公布的 CA 证书（PEM），代替 --keys 中的（可重复）。"
    ),
    "Publish FAIL and REJECT certificates too (default: not).": (
        "同时公布不合格（FAIL）和拒收（REJECT）的证书（默认不公布）。"
    ),
    "Language of the messages. Default: QA_CHECK_LANG, else the locale.": (
        "消息所用的语言。默认：QA_CHECK_LANG，没有时按系统区域设置。"
    ),
    "the site was written (or had nothing to change)": "网站已写入（或没有需要更改之处）",
    "no register, a damaged one, a folder that is not a site, a file that could not be written,"
    " or the command was misused": (
        "没有登记册、登记册已损坏、文件夹不是网站、文件无法写入，或命令用法有误"
    ),
    "interrupted by Ctrl-C: every file is whole; publish again to finish the site": (
        "被 Ctrl-C 中断：每个文件都完整；再次发布即可完成网站"
    ),
    # --- r24-revoke: signed revocations, the revocation list, rotating and withdrawing keys ----
    "REVOKED: the register (--register) or a revocation list the issuer signed (--revocations)"
    " withdrew it. A list past its next update is still used, with a warning.": (
        "REVOKED：登记册（--register）或签发方签名的撤销列表（--revocations）已将其撤销。"
        "已过下次更新时间的列表仍会使用，并给出警告。"
    ),
    "A revocation list the issuer published (SITE/revocations.json), checked against the"
    " trusted CAs (repeatable): a certificate it names is REVOKED, one its withdrawn key signed"
    " after the withdrawal UNTRUSTED.": (
        "签发方发布的撤销列表（SITE/revocations.json），按受信任的 CA 核验（可重复）："
        "其中列出的证书为 REVOKED；由已撤销密钥在撤销之后签署的证书为 UNTRUSTED。"
    ),
    "Each revocation is signed with the site's signing key (--keys DIR; its passphrase as"
    " certify asks for it), so that the revocation list publish writes carries it to readers"
    " with no register (verify --revocations). Without a usable key nothing is revoked.": (
        "每项撤销都用站点的签名密钥签名（--keys 目录；口令与 certify 的询问方式相同），"
        "这样 publish 写出的撤销列表可以把它带给没有登记册的读者（verify --revocations）。"
        "没有可用的密钥时不撤销任何证书。"
    ),
    "no usable signing key (missing, wrong passphrase): nothing is revoked": (
        "没有可用的签名密钥（缺失或口令错误）：不撤销任何证书"
    ),
    "Replace the signing key with a new one under the same CA (ca-cert.pem stays).": (
        "用同一 CA 下的新签名密钥替换当前密钥（ca-cert.pem 不变）。"
    ),
    "Certificates the old key signed keep verifying: they chain to the same CA. The old signing"
    " certificate is kept in retired/ (named by its fingerprint); its private key is replaced."
    " Needs the CA key (ca-key.pem) and the passphrase keys init set (QA_CHECK_KEY_PASSPHRASE,"
    " else asked).": (
        "旧密钥签署的证书仍可验证：它们追溯到同一 CA。旧签名证书保存在 retired/（以其指纹命名）；"
        "其私钥被替换。需要 CA 私钥（ca-key.pem）和 keys init 时设置的口令"
        "（QA_CHECK_KEY_PASSPHRASE，否则询问）。"
    ),
    "a new signing key is in use": "已启用新签名密钥",
    "no key, no CA key, or a wrong passphrase": "没有密钥、没有 CA 私钥，或口令错误",
    "Withdraw a signing certificate (a retired key that may have been copied).": (
        "撤销一个签名证书（可能已被复制的已停用密钥）。"
    ),
    "What it signed after now is UNTRUSTED (verify --register, and the revocation list publish"
    " writes, with verify --revocations); what it signed before stays VALID. The revocation is"
    " signed by the signing key in use: rotate first (keys rotate) when the compromised key is"
    " the one in use.": (
        "它在此后签署的证书为 UNTRUSTED（verify --register，以及 publish 写出的撤销列表配合"
        " verify --revocations）；此前签署的仍为 VALID。撤销由当前使用的签名密钥签名："
        "如果泄露的正是当前密钥，请先轮换（keys rotate）。"
    ),
    "The signing certificate's SHA-256 fingerprint, as keys show prints it.": (
        "签名证书的 SHA-256 指纹，即 keys show 显示的那样。"
    ),
    "The register to record it in. Default: reports/register.sqlite.": (
        "记录撤销的登记册。默认：reports/register.sqlite。"
    ),
    "withdrawn, or withdrawn before (the first revocation is kept)": (
        "已撤销，或此前已撤销（保留首次撤销记录）"
    ),
    "no key or register, the key in use, or the command was misused": (
        "没有密钥或登记册、指定的是当前密钥，或命令用法有误"
    ),
    "a revocation list is unreadable, edited or signed under an untrusted CA": (
        "撤销列表无法读取、被修改过，或由不受信任的 CA 签发的密钥签名"
    ),
    # --- r24-merge: register merge ------------------------------------------------------------
    "Unite the registers of several sites or shards into one, ALL, every row once.": (
        "把多个站点或分片的登记册合并为一个（ALL），每行只保留一次。"
    ),
    "Certificates, revocations, revoked signing keys, report numbers and lots are each kept"
    " once; which certificate of a SKU is the newest is worked out again. ALL is written whole"
    " or not at all; an ALL that exists keeps its rows, and the registers' rows join them.": (
        "证书、撤销记录、已吊销的签名密钥、报告编号和批次各只保留一次；每个 SKU 的最新证书重新"
        "确定。ALL 要么完整写出，要么完全不写；已存在的 ALL 保留其原有各行，各登记册的行并入其中。"
    ),
    "A conflict is one certificate id and language with another file in two registers: both"
    " registers are named, the first one's file is kept (ALL's own first, then in the order"
    " given), every other row is written, and the exit code is 2. Two revocations of one"
    " certificate keep the earlier, with a note when their reasons differ.": (
        "冲突是指同一证书编号、同一语言在两个登记册中对应不同的文件：会列出两个登记册，保留先出现的"
        "那个文件（先是 ALL 自身的，再按给出的顺序），其余各行照常写出，退出码为 2。同一证书的两条"
        "撤销记录保留较早的一条，原因不同时给出提示。"
    ),
    "Registers to merge; only read, never changed.": "要合并的登记册；只读取，从不改动。",
    "The register to write: a new file, or a register whose rows are kept.": (
        "要写出的登记册：新文件，或保留其原有各行的已有登记册。"
    ),
    "On any conflict, write nothing: ALL stays as it was.": (
        "只要有冲突就什么都不写：ALL 保持原样。"
    ),
    "merged, with no conflict": "已合并，没有冲突",
    "a conflict, a register that cannot be read, or the command was misused": (
        "有冲突、有无法读取的登记册，或命令用法有误"
    ),
    "interrupted by Ctrl-C: ALL is as it was (143 by SIGTERM)": (
        "被 Ctrl-C 中断：ALL 保持原样（SIGTERM 为 143）"
    ),
    # --- r24-image: certify --image, qa-check image ---
    "Also write each page as an image beside its certificate, for listings that take images:"
    " NAME.png (NAME-2.png for page 2...), at least 1,200 px wide, under 2 MB. The PDF stays the"
    " evidence: the image is not signed.": (
        "同时把每一页写成图片放在证书旁，供只收图片的商品页面使用：NAME.png（第 2 页为"
        " NAME-2.png……），宽至少 1,200 像素，小于 2 MB。证据仍是 PDF：图片不带签名。"
    ),
    "Write each page of PDF certificates as an image: NAME.png, NAME-2.png for page 2...": (
        "把 PDF 证书的每一页写成图片：NAME.png，第 2 页为 NAME-2.png……"
    ),
    "Each image is at least 1,200 px wide (150 dpi) and under 2 MB, the sizes listings take: a"
    " page that would be larger is written with a lower JPEG quality, or fewer PNG colours, and"
    " that is said. The QR code still scans. An image is for display and carries no signature:"
    " the PDF stays the evidence, and the image shows the certificate id and QR code to check it"
    " with. Run again, an image already there with the same content is left as it is.": (
        "每张图片宽至少 1,200 像素（150 dpi）、小于 2 MB，即商品页面接受的尺寸：超出的页面会降低"
        " JPEG 质量或减少 PNG 颜色后写入，并予以说明。二维码仍可扫描。图片仅供展示，不带签名："
        "证据仍是 PDF，图片上的证书编号和二维码可用来核验它。"
        "再次运行时，内容相同的已有图片保持不变。"
    ),
    "PDF files.": "PDF 文件。",
    "The images' format: png (every pixel exact) or jpg (where a listing asks for it).": (
        "图片格式：png（像素无损）或 jpg（商品页面要求时使用）。"
    ),
    "Folder the images are written into. Default: beside each PDF.": (
        "写入图片的文件夹。默认：各 PDF 所在的文件夹。"
    ),
    "every page of every PDF was written as an image": "每个 PDF 的每一页都已写成图片",
    "a file is not a PDF or cannot be read, an image not written, or misuse": (
        "某个文件不是 PDF 或无法读取，某张图片无法写入，或命令用法有误"
    ),
    "interrupted by Ctrl-C: the images written so far are whole": (
        "被 Ctrl-C 中断：已写入的图片都是完整的"
    ),
    # --- r24-sites: publish --trust ---
    "Another site's CA certificate (PEM, repeatable): revocations its keys signed are published,"
    " and it beside this site's in ca-cert.pem.": (
        "另一站点的 CA 证书（PEM，可重复）：其密钥签名的撤销记录一并发布，该证书与本站点的"
        "一起写入 ca-cert.pem。"
    ),
}
"""English help text (its words joined by single spaces) -> Chinese: ``-h`` in Chinese.

Keyed by the English itself, so that a command's help follows wherever its command is defined.
"""
