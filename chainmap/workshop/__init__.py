"""Workshops on paper: the poster of the chains and one card per worker.

:mod:`~chainmap.workshop.poster` lays a drawing, the key figures and the legend out on a
sheet of exactly the paper's size (:mod:`~chainmap.workshop.paper`,
:mod:`~chainmap.workshop.page`); :mod:`~chainmap.workshop.cards` says what each card holds,
:mod:`~chainmap.workshop.card_draw` draws it and :mod:`~chainmap.workshop.deck` deals the
cards onto pages; :mod:`~chainmap.workshop.svg` turns pages into PDF or PNG and
:mod:`~chainmap.workshop.page_files` writes them, replacing only chainmap's own pages.
"""
