"""Files a provider uploads to the bodies that receive its learners' credit (pure functions)."""
