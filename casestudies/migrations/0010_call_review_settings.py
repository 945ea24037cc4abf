
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casestudies', '0009_publish_permission_and_editors'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='review_scores_shared',
            field=models.BooleanField(default=False, help_text="Off: a reviewer sees the others' scores and comments only after saving their own, so they are not swayed by them. On: everyone sees them at once.", verbose_name="show every reviewer's scores at once"),
        ),
        migrations.AddField(
            model_name='call',
            name='reviews_close_at',
            field=models.DateTimeField(blank=True, help_text='Reviewers can score contributions before this moment. Leave blank to keep reviews open.', null=True, verbose_name='reviews close'),
        ),
    ]
