import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indsats.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the app, settings) lives as long as the process: keep it out
# of the collector's way. Otherwise every full collection walks those tens of thousands of
# objects again, and a page that builds many objects (the prioritisation overview of 500
# initiatives: about three full collections per five requests) spends much of its time there.
# bench/floors.py --gc-freeze measures the pages this way.
gc.collect()
gc.freeze()
