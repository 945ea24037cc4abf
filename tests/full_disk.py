"""A file storage that runs out of space, as a full disk does: ENOSPC part-way through a write.

``FullDiskStorage.saves_left`` files are written whole; the next one is written in part (a few
bytes reach the disk) and then fails with ``OSError(errno.ENOSPC)``, like ``write()`` on a full
file system. Set ``saves_left`` in the test (``full_disk`` fixture in test_faults_disk.py).
"""

import errno
import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    saves_left = 0

    def _save(self, name, content):
        if FullDiskStorage.saves_left > 0:
            FullDiskStorage.saves_left -= 1
            return super()._save(name, content)
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            content.seek(0)
            partial.write(content.read(64))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
