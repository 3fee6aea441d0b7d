"""Assessment: scan a source (live catalog or export files) into the Inventory, find what will not move as-is."""
