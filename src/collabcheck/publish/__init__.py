"""What a checked proposal says that must be published, written from the proposal itself."""
