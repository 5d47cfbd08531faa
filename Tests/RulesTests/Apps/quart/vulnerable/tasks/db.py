import os

import aiosqlite

DATABASE = "/srv/tasks/tasks.db"
REPORTS = "/srv/tasks/reports"


async def tasks_for(owner):
    async with aiosqlite.connect(DATABASE) as db:
        cursor = await db.execute("SELECT id, title FROM tasks WHERE owner = '%s'" % owner)  # error: TL-B608
        return await cursor.fetchall()


def report_path(name):
    return os.path.join(REPORTS, name + ".csv")
