from shop import celery


@celery.task
def generate_report(user_id):
    return f"report for {user_id}"
