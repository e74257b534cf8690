"""Shared by the corpus test modules (test_corpus, test_dask): a news story to copy across documents."""

STORY = (
    "Dock workers at the city harbour returned to work on Thursday after a nine-day strike over pay "
    "and shift patterns ended with a deal brokered by the regional mediation office. The union said "
    "members had accepted a four percent raise this year and a further three percent next year, along "
    "with limits on night shifts. Shipping companies said it would take about a week to clear the "
    "backlog of containers waiting at the terminals."
)
