AUTHOR = 'Wen'
SITENAME = 'Daily notes'
SITEURL = 'http://blog.example.cn'
PATH = 'content'
FILENAME_METADATA = '(?P<slug>.*)'
USE_FOLDER_AS_CATEGORY = True
STATIC_PATHS = [
    'extra',
]
EXTRA_PATH_METADATA = {
    'extra/LICENSE.txt': {'path': 'LICENSE.txt'},
}
ARTICLE_URL = '{category}/{slug}.html'
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = '{slug}.html'
PAGE_SAVE_AS = PAGE_URL
CATEGORY_URL = '{slug}/index.html'
CATEGORY_SAVE_AS = CATEGORY_URL
TAG_URL = 'tag/{slug}.html'
TAG_SAVE_AS = TAG_URL
