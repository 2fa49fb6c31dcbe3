"""booktools: the build tooling of *Learning Neural Nets*, one module per idea.

- `config`: the editions (English, Korean) and their configurations, each derived from
  ``_config.yml`` (the Korean one with ``_config.ko-overlay.yml`` merged in), and the PDF's file name
- `build_book`: both editions' HTML from the chapters' stored outputs (`make book`, and the tests'
  build), through `run_jupyter_book`
- `execute_notebooks`: the chapters executed in place, their outputs stored (`make notebooks`), with
  `fingerprint`: what they were computed from, by which `make book` knows a stale one
- `make_pdf`: each edition's printed book (`make pdf`)
- `update_catalogs`: the Korean catalogs in step with the English text (`make catalogs`), and
  `library_messages`: the library's catalog in step with the messages in its code (its second half)
- `student_edition`: the chapters without solutions, and their book (`make student`)
- `chromium`: the browser that prints the book and runs the browser tests, and its flags

and the book's Sphinx extensions, which the configuration loads (``sphinx.extra_extensions``):

- `editions`: the link between the editions, the theme's words and search in Korean
  (`theme_words`, `korean_search`)
- `book_pages`: lean, offline, accessible pages, and the printed book in the download menu
- `landing_page`: the landing page's total time, summed from the chapters' own estimates

Run a command as ``python -m booktools.<module>`` (the Makefile's targets do).
"""
