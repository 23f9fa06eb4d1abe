"""The slide model (DeckSpec and friends): what a deck says, independent of PowerPoint and of the facts."""
