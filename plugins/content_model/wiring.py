"""Signal receivers of the content model."""

from .projects import ProjectsGenerator
from .reader import FootholdMarkdownReader
from .series import SeriesGenerator


def use_strict_reader(readers):
    for extension in FootholdMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FootholdMarkdownReader


def add_generators(pelican):
    return [ProjectsGenerator, SeriesGenerator]
