"""The DTO-language readers of ServiceStack pages: C#, TypeScript, Dart, Java, Kotlin, Swift, VB.NET, F#, Python.

In: a page's DTO source in one language.  Out: ``TypeDef``s and warnings (``dispatch.parse_dto_source``).
Must never import: the page reader around them (``servicestack.reader``, ``body``), rendering or formatting.
"""
