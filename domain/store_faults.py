"""What can be wrong with the store, and what to say about it: fault kind → (zh, en) message.

Each message names the store (its URL without the password) and the fix, on one line, so that
``python -m db.migrate`` can print the Chinese line and the English line, and the app can show the
one of the user's language. The placeholders a kind's messages use are listed in ``ARGUMENTS``;
``db.store_faults`` supplies exactly those when it recognises an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "sqlite_directory_missing": (
        "数据存储 {store} 无法打开：目录 {directory} 不存在。请先创建该目录（mkdir -p {directory}），"
        "或把 DASHBOARD_DB_URL 指向已有目录中的文件。",
        "The store {store} cannot be opened: the directory {directory} does not exist. Create it "
        "(mkdir -p {directory}) or point DASHBOARD_DB_URL at a file in an existing directory.",
    ),
    "sqlite_unwritable": (
        "数据存储 {store} 无法写入：运行看板的用户不能写 {path} 或其所在目录 {directory}。"
        "请修正文件权限（文件和目录都必须可写）。",
        "The store {store} cannot be written: the user running the dashboard may not write {path} or its "
        "directory {directory}. Fix the file permissions (the file and the directory must both be writable).",
    ),
    "sqlite_not_a_database": (
        "数据存储 {store} 不是数据库：{path} 不是 SQLite 数据库文件。请把 DASHBOARD_DB_URL 指向一个数据库文件"
        "（或一个尚不存在的文件，看板会在那里新建存储）。",
        "The store {store} is not a database: {path} is not a SQLite database file. Point DASHBOARD_DB_URL at "
        "a database file (or at a file that does not exist yet, where the dashboard creates a new store).",
    ),
    "sqlite_corrupt": (
        "数据存储 {store} 已损坏（{path}）。请从备份恢复该文件；或把它移走，再运行 make seed 新建演示存储。",
        "The store {store} is damaged ({path}). Restore the file from a backup, or move it away and run "
        "make seed to start a new demo store.",
    ),
    "disk_full": (
        "数据存储 {store} 所在的磁盘已满，操作没有完成。请释放磁盘空间后重试。",
        "The disk of the store {store} is full, so the operation did not go through. Free some disk space, then retry.",
    ),
    "store_busy": (
        "数据存储 {store} 正忙（另一项写入占用着它），本次操作没有完成。请稍等片刻后重试。",
        "The store {store} is busy (another write holds it), so the operation did not go through. "
        "Please retry in a moment.",
    ),
    "pg_unreachable": (
        "无法连接数据存储 {store}：{host}:{port} 上的 PostgreSQL 没有响应。请启动 PostgreSQL，"
        "或修正 DASHBOARD_DB_URL 中的主机和端口。",
        "Cannot reach the store {store}: PostgreSQL at {host}:{port} is not answering. Start PostgreSQL, or "
        "correct the host and port in DASHBOARD_DB_URL.",
    ),
    "pg_database_missing": (
        "数据存储 {store} 不存在：{host}:{port} 上的 PostgreSQL 没有数据库 {database}。请创建该数据库"
        "（{createdb}），或修正 DASHBOARD_DB_URL 中的数据库名。",
        "The store {store} does not exist: PostgreSQL at {host}:{port} has no database {database}. Create it "
        "({createdb}) or correct the database name in DASHBOARD_DB_URL.",
    ),
    "pg_auth_failed": (
        "数据存储 {store} 拒绝登录：PostgreSQL 不接受用户 {user} 的凭据。请检查 DASHBOARD_DB_URL 中的用户名和密码"
        "（以及服务器的 pg_hba.conf）。",
        "The store {store} refused the sign-in: PostgreSQL does not accept the credentials of user {user}. "
        "Check the user name and password in DASHBOARD_DB_URL (and the server's pg_hba.conf).",
    ),
    "pg_permission_denied": (
        "数据存储 {store} 拒绝了操作：用户 {user} 缺少所需权限。请为该用户授予看板所用数据库或 schema 的读写和建表权限。",
        "The store {store} refused the operation: user {user} lacks the privileges it needs. Grant that user "
        "read, write and create rights on the dashboard's database or schema.",
    ),
    "url_invalid": (
        "DASHBOARD_DB_URL（{store}）不是有效的存储地址。请写成 sqlite:///文件路径 或 postgresql://用户@主机:端口/数据库。",
        "DASHBOARD_DB_URL ({store}) is not a valid store URL. Write it as sqlite:///path/to/file or "
        "postgresql://user@host:port/database.",
    ),
    "url_unsupported": (
        "数据存储 {store} 的类型或驱动不受支持：看板只能通过 SQLite 或 PostgreSQL（psycopg）使用存储。"
        "请把 DASHBOARD_DB_URL 改为 sqlite:///文件路径 或 postgresql://用户@主机:端口/数据库。",
        "The store {store} names a database or driver the dashboard cannot use: it works with SQLite and "
        "PostgreSQL (through psycopg). Set DASHBOARD_DB_URL to sqlite:///path/to/file or "
        "postgresql://user@host:port/database.",
    ),
    "schema_unknown": (
        "数据存储 {store} 的结构版本 {revision} 不是本版看板所知的版本（可能由更新的版本迁移过）。"
        "请升级看板，或把 DASHBOARD_DB_URL 指向与本版相符的存储。",
        "The store {store} is at schema revision {revision}, which this version of the dashboard does not know "
        "(a newer version may have migrated it). Upgrade the dashboard, or point DASHBOARD_DB_URL at a store "
        "of this version.",
    ),
}

# The placeholders each kind's messages take (besides ``store``, which every message names).
ARGUMENTS: dict[str, frozenset[str]] = {
    "sqlite_directory_missing": frozenset({"directory"}),
    "sqlite_unwritable": frozenset({"path", "directory"}),
    "sqlite_not_a_database": frozenset({"path"}),
    "sqlite_corrupt": frozenset({"path"}),
    "disk_full": frozenset(),
    "store_busy": frozenset(),
    "pg_unreachable": frozenset({"host", "port"}),
    "pg_database_missing": frozenset({"host", "port", "database", "createdb"}),
    "pg_auth_failed": frozenset({"user"}),
    "pg_permission_denied": frozenset({"user"}),
    "url_invalid": frozenset(),
    "url_unsupported": frozenset(),
    "schema_unknown": frozenset({"revision"}),
}

# Faults that go away by themselves: the page says "retry in a moment" rather than "fix the store".
TRANSIENT = frozenset({"store_busy"})


@dataclass(frozen=True)
class StoreFault:
    """A recognised store problem: its ``kind`` (a key of ``MESSAGES``) and the message arguments."""

    kind: str
    args: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in MESSAGES:
            raise ValueError(f"unknown store fault kind {self.kind!r}")
        missing = (ARGUMENTS[self.kind] | {"store"}) - set(self.args)
        if missing:
            raise ValueError(f"store fault {self.kind!r} lacks {sorted(missing)}")

    def message(self, lang: str) -> str:
        """The one-line message in ``lang`` ("zh" or "en")."""
        return MESSAGES[self.kind][LANGS.index(lang)].format(**self.args)

    def lines(self) -> list[str]:
        """The message in every language, Chinese first: what a command-line tool prints."""
        return [self.message(lang) for lang in LANGS]
