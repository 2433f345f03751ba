"""The app's work off the UI thread: opening the engine, indexing and
fetching (background), the entity process and entity mentions (entities),
comparisons computed for the compare screen (comparing). Results reach the
app and its screens as messages (reader.ui.messages)."""
