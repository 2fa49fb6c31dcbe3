"""backprop.book: the helpers of the book *Learning Neural Nets*, beside the engine they use.

Each chapter imports its helpers from one module named after its notebook without the number
(chapters/03_chain_rule.ipynb imports from `backprop.book.chain_rule`); where a chapter's helpers
hold more than one idea, that module gathers them from the modules listed under it.

Shared by every chapter:

- `style`: the book's one figure style (`use_book_style`, `book_style`, `COLORS`)
- `selfcheck`: the right / not yet / no answer feedback of every exercise, `call_reader`
- `exercises`, `exercise_verdicts`, `typed_answers`: exercises declared once (fields, expected
  values, tolerance, feedback rules) and the verdict on a typed answer, the same in a kernel and
  on the page
- `explorer`, `explorer_payload`, `live`, `assets`: interactive explorers (controls, frames, the
  kernel-free HTML view and its compact JSON; the live ipywidgets view; static JS and CSS)
- `graph_drawing`: laying out and drawing `Value` graphs
- `pages`, `mime`, `answer_box`: what a page needs wherever it runs (glue without myst-nb, the
  Colab install, the picture-first view in Jupyter, an exercise's kernel-free answer box)
- `network_drawing`: drawing a fully connected network (`draw_network`)
- `language`, `catalog`: what the helpers write, in English in the code (`Text`) and in Korean in
  the catalog shipped with them, ``locale/ko/LC_MESSAGES/backprop.po``; the reader's language

Chapter by chapter:

- 1 `how_a_network_learns`, with `network_drawing`
- 2 `gradient_descent`, with `surfaces`, `flops`, `minibatch`, `xor_network` and `descent_exercises`
- 3 `chain_rule`, with `value_graphs`, `graph_paths` and `backward_player`
- 4 `backpropagation`
- 5 `vanishing_gradients`, with `layer_gradients`, `signal_variance` and `gradient_explorer`

These modules may use matplotlib and ipywidgets
(the ``backprop[book]`` extra), each imported where it is used; importing this package imports
none of them.
"""
