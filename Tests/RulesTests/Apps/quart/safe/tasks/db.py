import os

import aiosqlite
from werkzeug.utils import secure_filename

DATABASE = "/srv/tasks/tasks.db"
REPORTS = "/srv/tasks/reports"


async def tasks_for(owner):
    async with aiosqlite.connect(DATABASE) as db:
        cursor = await db.execute("SELECT id, title FROM tasks WHERE owner = ?", (owner,))
        return await cursor.fetchall()


def report_path(name):
    return os.path.join(REPORTS, secure_filename(name) + ".csv")
